using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>The fleet test runs alone: three instances and PostgreSQL take the machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "Fleet";
}

/// <summary>
/// Three sample instances as OS processes, started at the same moment on one empty PostgreSQL database (DataProtection's
/// keys in it, epoch keys in their configured shared folder): 300 pupils enrolled spread over all three, each read by both
/// other instances and corrected by one of them, all at once, right after enrolment and again later; a rotation on A, 10 erasures on
/// B, C killed with SIGKILL during a rotation and restarted. Afterwards every promise is checked: no read failed, every
/// surviving pupil readable everywhere, every erased one unreadable (410, KeyDestroyed) on all three within 1 s, one
/// current key and one root per purpose, one live key per pupil, both hash chains intact.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetTests(ITestOutputHelper output)
{
    private const int Pupils = 300;
    private const int Workers = 6;

    [SkippableFact]
    public async Task ThreeInstancesOnOneDatabase_EnrolReadEditRotateEraseAndAKill_KeepEveryPromise()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var postgres = new PostgresServer();
        var watch = Stopwatch.StartNew();
        await using var fleet = await SampleFleet.StartAsync(postgres, 3, TimeSpan.FromMinutes(2));
        output.WriteLine($"started 3 instances in {watch.Elapsed.TotalSeconds:F1} s");
        var run = new FleetScenario(fleet, Pupils, Workers);

        await run.RunAsync();
        output.WriteLine($"scenario done at {watch.Elapsed.TotalSeconds:F1} s: {run.Reads} reads, {run.Edits} edits, {run.Erased.Count} erasures");
        foreach (var line in run.Notes)
        {
            output.WriteLine(line);
        }

        var failures = run.Failures.ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failed steps (reads, edits, enrolments, erasure checks), first ones:\n{string.Join('\n', failures.Take(15))}\n{Problems(fleet)}");
        Assert.Equal(Pupils, run.Enrolled.Count);
        Assert.Equal(FleetScenario.Erasures, run.Erased.Count);

        // Every erased pupil: unreadable on all three instances within 1 s of the erasure's answer.
        foreach (var (id, seen) in run.ErasureSeen)
        {
            Assert.All(seen, s => Assert.True(s.Elapsed <= TimeSpan.FromSeconds(1), $"{s.Instance} still read erased pupil {id} {s.Elapsed.TotalMilliseconds:F0} ms after the erasure"));
        }

        // Every surviving pupil readable from every instance, with the name written last.
        var survivors = run.Enrolled.Keys.Except(run.Erased).ToList();
        var finalReads = await FleetScenario.ForEachAsync(survivors, Workers, async id =>
        {
            var problems = new List<string>();
            foreach (var instance in fleet.Instances)
            {
                var (status, name) = await FleetOperations.ReadAsync(instance, id);
                if (status != HttpStatusCode.OK || name != run.FinalNames[id])
                {
                    problems.Add($"final read of {id} on {instance.Name}: {(int)status} {(name is null ? "no name" : name == run.FinalNames[id] ? "the final name" : "another name")}");
                }
            }

            return problems;
        });
        Assert.True(finalReads.Count == 0, string.Join('\n', finalReads.Take(15)) + "\n" + Problems(fleet));

        // One current shared key, one root per purpose, one live key per pupil and none for an erased one.
        var active = await fleet.QueryAsync("SELECT \"Purpose\", COUNT(*) FROM hrplus_field_keys WHERE \"State\" = 1 AND \"Purpose\" IN (1, 2, 3) GROUP BY \"Purpose\" ORDER BY \"Purpose\"");
        Assert.Equal(["1:1", "2:1", "3:1"], active.Select(r => r[0] + ":" + r[1]));
        var live = await fleet.QueryAsync("SELECT \"SubjectId\", COUNT(*) FROM hrplus_field_keys WHERE \"Purpose\" = 4 AND \"State\" <> 3 GROUP BY \"SubjectId\"");
        Assert.Empty(live.Where(r => r[1] != "1").Select(r => $"{r[0]} has {r[1]} live keys"));
        Assert.Equal(survivors.Select(s => s.ToString()).Order(), live.Select(r => r[0]!).Order());
        Assert.Equal(survivors.Count.ToString(CultureInfo.InvariantCulture), (await fleet.QueryAsync("SELECT COUNT(*) FROM pupils")).Single()[0]);

        // Each instance: the same current key, both hash chains verified.
        var current = new List<string?>();
        foreach (var instance in fleet.Instances)
        {
            var (status, html) = await instance.GetAsync("/operator?lang=en");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("<p id=\"ledger-verification\" class=\"ok\">", html, StringComparison.Ordinal);
            Assert.Contains("<p id=\"audit-verification\" class=\"ok\">", html, StringComparison.Ordinal);
            current.Add(System.Text.RegularExpressions.Regex.Match(html, "<code>([0-9a-f]{8})</code> ✓").Groups[1].Value);
        }

        var encryption = await fleet.QueryAsync("SELECT \"Id\" FROM hrplus_field_keys WHERE \"State\" = 1 AND \"Purpose\" = 1");
        Assert.All(current, c => Assert.Equal(uint.Parse(encryption.Single()[0]!, CultureInfo.InvariantCulture).ToString("x8", CultureInfo.InvariantCulture), c));
        output.WriteLine($"done in {watch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(Problems(fleet));
    }

    private static string Problems(SampleFleet fleet) => string.Join('\n', fleet.Instances.Select(i =>
        $"{i.Name}: {i.Problems.Count} warning/error lines" + (i.Problems.Count > 0 ? ", first: " + string.Join(" | ", i.Problems.Take(3).Select(l => l.Length > 300 ? l[..300] + "…" : l)) : string.Empty)));
}
