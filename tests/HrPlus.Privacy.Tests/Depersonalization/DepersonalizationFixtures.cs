using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Depersonalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Depersonalization;

/// <summary>The hand-worked table of the known-answer tests, and a container with in-memory stores.</summary>
internal static class DepersonalizationFixtures
{
    public static readonly ReleaseContext Release = new() { Actor = "psychologist-1", Purpose = "monitoring-report", ReportName = "class-report" };

    /// <summary>
    /// Eight pupils. Ages 11 to 21 generalize in bands of 5, then 10, then *; sex is kept or *. The worked lattice is in
    /// <see cref="DepersonalizerKnownAnswerTests"/>.
    /// </summary>
    public static Dataset Pupils(params string[] scores)
    {
        string[][] rows =
        [
            ["p1", "11", "F", "3"],
            ["p2", "12", "F", "5"],
            ["p3", "13", "M", "4"],
            ["p4", "14", "M", "2"],
            ["p5", "16", "F", "5"],
            ["p6", "17", "F", "1"],
            ["p7", "18", "M", "3"],
            ["p8", "21", "M", "4"],
        ];
        var data = new Dataset(["id", "age", "sex", "score"]);
        for (var i = 0; i < rows.Length; i++)
        {
            data.Add(rows[i][0], rows[i][1], rows[i][2], scores.Length > 0 ? scores[i] : rows[i][3]);
        }

        return data;
    }

    public static DatasetSchema PupilSchema(DirectIdentifierHandling handling = DirectIdentifierHandling.Drop) => new DatasetSchema()
        .DirectIdentifier("id", handling, subjectId: true)
        .QuasiIdentifier("age", Hierarchy.Intervals(5, 10))
        .QuasiIdentifier("sex", Hierarchy.Categorical())
        .Sensitive("score");

    public static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores();
        return services.BuildServiceProvider();
    }

    public static async Task<List<AuditEntry>> AuditEntriesAsync(IServiceProvider services)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in services.GetRequiredService<IAuditStore>().ReadAllAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>The released rows in ordinal order of their values: releases are shuffled, so tests compare them sorted.</summary>
    public static string[][] Sorted(DepersonalizationResult result) =>
        [.. result.Rows.Select(r => r.ToArray()).OrderBy(r => string.Join('\u001F', r), StringComparer.Ordinal)];

    public static DepersonalizationResult Run(Dataset data, DatasetSchema schema, AnonymizationOptions options) =>
        Anonymizer.Run(data, schema, options, null, out _);
}
