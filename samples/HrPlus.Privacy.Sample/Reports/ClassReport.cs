using System.Globalization;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Sample.Seeding;

namespace HrPlus.Privacy.Sample.Reports;

/// <summary>
/// The class report: synthetic results of psychological-pedagogical monitoring (anxiety and motivation scores, 0 to 10)
/// for grades 7 and 8, depersonalized with k = 5 before it leaves the school.
/// </summary>
/// <remarks>
/// The pupils are invented (names and IINs from <see cref="SyntheticPeople"/>) and the same on every start. Four classes of
/// about 25 and a small class 8В of three: small enough that its pupils would be recognisable in any table.
/// </remarks>
public static class ClassReport
{
    /// <summary>The k of the report.</summary>
    public const int K = 5;

    private static readonly (string Class, int Grade, int Pupils)[] Classes = [("7А", 7, 26), ("7Б", 7, 24), ("8А", 8, 25), ("8Б", 8, 23), ("8В", 8, 3)];

    /// <summary>Gets the monitoring results: name, IIN, class, anxiety, motivation, anxiety band.</summary>
    public static Dataset Results()
    {
        var people = new SyntheticPeople(seed: 20_261_101);
        var scores = new Random(20_261_101);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var data = new Dataset(["name", "iin", "class", "anxiety", "motivation", "band"]);
        foreach (var (name, grade, count) in Classes)
        {
            // Grade g in the 2026/27 school year: born from September of 2026 - g - 7 to August of the next year.
            var bornFrom = new DateOnly(2026 - grade - 7, 9, 1);
            for (var i = 0; i < count; i++)
            {
                var pupil = people.Next(bornFrom, bornFrom.AddYears(1).AddDays(-1), DateOnly.FromDateTime(now.UtcDateTime), now);
                var anxiety = Math.Clamp((int)Math.Round((scores.NextDouble() * 6) + (scores.NextDouble() * 4) + (grade == 8 ? 0.5 : 0)), 0, 10);
                var motivation = Math.Clamp(10 - anxiety + scores.Next(-3, 3), 0, 10);
                data.Add(pupil.FullName, pupil.Iin, name, Number(anxiety), Number(motivation), Band(anxiety));
            }
        }

        return data;
    }

    /// <summary>Gets the schema: the name is dropped, the IIN published as birth year and sex at most, the class generalizable to grade.</summary>
    public static DatasetSchema Schema() => new DatasetSchema()
        .DirectIdentifier("name")
        .QuasiIdentifier("iin", Hierarchy.Iin())
        .QuasiIdentifier("class", Hierarchy.SchoolClass())
        .Sensitive("anxiety")
        .Insensitive("motivation")
        .Insensitive("band");

    /// <summary>Gets the models: k = 5, at least two different anxiety scores per group, at most 5% of pupils left out.</summary>
    public static AnonymizationOptions Options() => new() { K = K, L = 2, MaxSuppression = 0.05 };

    /// <summary>Gets the aggregate table: pupils per class and anxiety band, with mean motivation.</summary>
    public static AggregateRequest Table() => new() { RowColumn = "class", ColumnColumn = "band", MeanColumns = ["motivation"], K = K };

    private static string Band(int anxiety) => anxiety <= 3 ? "0–3" : anxiety <= 6 ? "4–6" : "7–10";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
