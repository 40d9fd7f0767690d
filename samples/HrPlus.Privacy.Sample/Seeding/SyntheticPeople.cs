using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Sample.Data;

namespace HrPlus.Privacy.Sample.Seeding;

/// <summary>Invented pupils: common Kazakh given names and surnames combined at random, phones in an unused range.</summary>
public sealed class SyntheticPeople(int seed)
{
    private static readonly string[] Boys = ["Әлихан", "Нұрсұлтан", "Ернұр", "Арман", "Дәурен", "Ерасыл", "Темірлан", "Нұрислам", "Санжар", "Әділет"];
    private static readonly string[] Girls = ["Айгерім", "Аружан", "Дана", "Жансая", "Мөлдір", "Әйгерім", "Томирис", "Інжу", "Гүлназ", "Ақбота"];
    private static readonly string[] Surnames = ["Сейітов", "Жұмабаев", "Омаров", "Серікбаев", "Тоқтаров", "Қасымов", "Нұрланов", "Бекетов", "Ахметов", "Әбенов"];
    private static readonly string[] Parents = ["Ержан", "Гүлмира", "Самат", "Салтанат", "Асқар", "Динара", "Бауыржан", "Жанар"];

    private readonly Random _random = new(seed);
    private readonly SyntheticIinGenerator _iins = new(seed);
    private int _count;

    /// <summary>Makes a pupil born between the dates given, with a representative when a minor on <paramref name="today"/>.</summary>
    public Pupil Next(DateOnly bornFrom, DateOnly bornTo, DateOnly today, DateTimeOffset now)
    {
        var iin = _iins.Next(bornFrom, bornTo);
        var female = iin.Sex == Sex.Female;
        var surname = Pick(Surnames) + (female ? "а" : string.Empty);
        var number = ++_count;
        var minor = iin.IsMinorOn(today);
        return new Pupil
        {
            Id = Guid.NewGuid(),
            FullName = $"{Pick(female ? Girls : Boys)} {surname}",
            Iin = iin.ToString(),

            // +7 700 0xx xx xx: an operator prefix with numbers kept out of use, so no real subscriber is reached.
            ParentPhone = $"+7700{_random.Next(0, 100_000):D5}{number % 100:D2}",
            ParentEmail = $"parent{number:D3}@example.org",
            RepresentativeName = minor ? $"{Pick(Parents)} {surname}" : null,
            RepresentativeRelationship = minor ? (_random.Next(5) == 0 ? RepresentativeRelationship.Guardian : RepresentativeRelationship.Parent) : RepresentativeRelationship.None,
            RepresentativeId = minor ? Guid.NewGuid().ToString("N") : null,
            RegisteredAt = now,
        };
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
