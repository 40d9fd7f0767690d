using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Sample.Seeding;

/// <summary>
/// Makes valid but invented IINs: a random birth date and sex, a random serial, and the check digit computed by
/// <see cref="Iin.Create"/> (serials for which the check digit algorithm gives no digit are skipped). Deterministic
/// for a seed and never repeats a value, so seeded pupils are the same on every first start and never real people.
/// </summary>
public sealed class SyntheticIinGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private readonly HashSet<Iin> _issued = [];

    /// <summary>Makes a new IIN for someone born between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public Iin Next(DateOnly from, DateOnly to, Sex? sex = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        while (true)
        {
            var birthDate = from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));
            var chosenSex = sex ?? (_random.Next(2) == 0 ? Sex.Male : Sex.Female);
            var serial = _random.Next(1, 10_000);
            if (Iin.Create(birthDate, chosenSex, serial, out var iin) && _issued.Add(iin))
            {
                return iin;
            }
        }
    }
}
