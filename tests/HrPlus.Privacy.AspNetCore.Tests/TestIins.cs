using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Generated valid IINs (birth date, sex, serial and the check digit), never real people's.</summary>
internal static class TestIins
{
    /// <summary>The <paramref name="n"/>-th generated IIN: birth dates from 1950 on, serials that skip those without a check digit.</summary>
    public static string Generate(int n)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(Math.Abs(n % 20_000));
        for (var serial = 1 + Math.Abs(n % 9_000); ; serial++)
        {
            if (Iin.Create(birth, n % 2 == 0 ? Sex.Male : Sex.Female, serial, out var iin))
            {
                return iin.ToString();
            }
        }
    }
}
