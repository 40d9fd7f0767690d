using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Sample.Pupils;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>Synthetic pupils for the tests: IINs made with the check-digit algorithm, relative to today's date.</summary>
public static class TestPupils
{
    public static Iin Adult() => Make(Today.AddYears(-19).AddDays(-40), Sex.Female);

    public static Iin Minor() => Make(Today.AddYears(-10).AddDays(-100), Sex.Male);

    private static DateOnly Today => PupilRegistrar.Today(TimeProvider.System);

    private static Iin Make(DateOnly birthDate, Sex sex)
    {
        // Serials from 9000 up: the seeded pupils are drawn from the whole range, so a clash is practically impossible.
        for (var serial = 9000; serial < 10_000; serial++)
        {
            if (Iin.Create(birthDate, sex, serial, out var iin))
            {
                return iin;
            }
        }

        throw new InvalidOperationException("No serial gave a check digit.");
    }

    public static Dictionary<string, string> Form(string fullName, Iin iin, string? representative = null, string? relationship = null) => new()
    {
        ["fullName"] = fullName,
        ["iin"] = iin.ToString(),
        ["parentPhone"] = "+7 700 000 12 34",
        ["parentEmail"] = "test.parent@example.org",
        ["representativeName"] = representative ?? string.Empty,
        ["relationship"] = relationship ?? string.Empty,
        ["acceptPolicy"] = "on",
        ["lang"] = "en",
    };
}
