using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>hrplus subject …</c>, <c>evidence …</c> and <c>check</c> as processes against the sample app (SQLite).</summary>
public sealed class SubjectCommandTests
{
    [Fact]
    public async Task BlockThenUnblock_ChangesTheBlock_AndAuditsWithTheActor()
    {
        await using var data = await SampleData.CreateAsync();
        var (id, name) = await FirstPupilAsync(data);

        var block = await data.RunAsync("subject", "block", id, "--reason", "parent's request 2026/114", "--actor", "ops-dana", "--json");
        Assert.True(block.ExitCode == 0, block.ToString());
        Assert.True(block.Json().GetProperty("active").GetBoolean());
        Assert.Equal("ops-dana", block.Json().GetProperty("blockedBy").GetString());
        var twice = await data.RunAsync("subject", "block", id, "--reason", "again", "--actor", "ops-dana");
        Assert.True(twice.ExitCode == 4, twice.ToString());
        Assert.Contains("The subject is blocked already.", twice.Stderr);

        await using (var app = await data.OpenAsync())
        {
            Assert.True(app.Services.GetRequiredService<ISubjectBlocking>().IsBlocked(id));
        }

        var unblock = await data.RunAsync("subject", "unblock", id, "--actor", "ops-dana");
        Assert.True(unblock.ExitCode == 0, unblock.ToString());
        Assert.Equal($"Subject {id} unblocked (block {block.Json().GetProperty("blockId").GetString()}).", unblock.Stdout.Trim());

        await using var after = await data.OpenAsync();
        Assert.False(after.Services.GetRequiredService<ISubjectBlocking>().IsBlocked(id));
        var audit = await after.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id);
        Assert.Equal([AuditOperation.Block, AuditOperation.Unblock], audit.Where(e => e.Actor == "ops-dana").Select(e => e.Operation));
        Assert.DoesNotContain(name, block.Stdout + unblock.Stdout);
    }

    [Fact]
    public async Task Export_WritesTheFile_PrintsNoPersonalData_AndAuditsTheExport()
    {
        await using var data = await SampleData.CreateAsync();
        var (id, name) = await FirstPupilAsync(data);
        var file = Path.Combine(data.Folder, "export.json");

        var run = await data.RunAsync("subject", "export", id, "--out", file, "--actor", "ops-dana");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(file));
        Assert.DoesNotContain(name, run.Stdout + run.Stderr);
        Assert.StartsWith($"Exported subject {id} to {file}", run.Stdout);
        var again = await data.RunAsync("subject", "export", id, "--out", file, "--actor", "ops-dana");
        Assert.Equal(4, again.ExitCode);
        await using var app = await data.OpenAsync();
        var audit = await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id);
        Assert.Single(audit, e => e.Operation == AuditOperation.Export && e.Actor == "ops-dana");
    }

    [Fact]
    public async Task Erase_AsksFirst_ThenErases_AndPrintsTheBackupsWindow()
    {
        await using var data = await SampleData.CreateAsync();
        var (id, _) = await FirstPupilAsync(data);

        var declined = await data.RunWithInputAsync("no\n", "subject", "erase", id, "--reason", "request 2026/115", "--actor", "ops-dana");
        Assert.True(declined.ExitCode == 5, declined.ToString());
        Assert.Contains($"Erase everything held about subject {id}?", declined.Stderr);
        await using (var app = await data.OpenAsync())
        {
            Assert.DoesNotContain(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id), e => e.Operation == AuditOperation.Destroy);
        }

        var erased = await data.RunWithInputAsync("y\n", "subject", "erase", id, "--reason", "request 2026/115", "--actor", "ops-dana");
        Assert.True(erased.ExitCode == 0, erased.ToString());
        var lines = erased.Stdout.Trim().Split('\n');
        // The sample keeps each pupil's values under a key of the pupil's own: erasure destroys it.
        Assert.StartsWith($"Subject {id} erased: 1 keys destroyed, ", lines[0]);
        Assert.StartsWith("Restored backups taken before the erasure can no longer decrypt the subject's values after ", lines[1]);
        Assert.EndsWith(" UTC.", lines[1].TrimEnd());

        var (second, _) = await SecondPupilAsync(data);
        var json = (await data.RunAsync("subject", "erase", second, "--reason", "request 2026/116", "--actor", "ops-dana", "--yes", "--json")).Json();
        Assert.Equal(second, json.GetProperty("subjectId").GetString());
        Assert.Equal(1, json.GetProperty("keysDestroyed").GetInt32());
        Assert.False(json.GetProperty("nothingErased").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.String, json.GetProperty("backupsUnreadableAfter").ValueKind);

        await using var after = await data.OpenAsync();
        var audit = await after.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id);
        var destroy = Assert.Single(audit, e => e.Operation == AuditOperation.Destroy);
        Assert.Equal("ops-dana", destroy.Actor);
        Assert.Equal("ops-dana", (await after.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(second)).Single(e => e.Operation == AuditOperation.Destroy).Actor);
    }

    [Fact]
    public async Task EvidenceVerify_IntactLogs_ExitZero_AndExportWritesTheAuditTrail()
    {
        await using var data = await SampleData.CreateAsync();

        var verify = await data.RunAsync("evidence", "verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var logs = verify.Json().GetProperty("logs").EnumerateArray().ToList();
        Assert.Equal(["consent-ledger", "audit-trail"], logs.Select(l => l.GetProperty("log").GetString()));
        Assert.All(logs, l => Assert.True(l.GetProperty("intact").GetBoolean()));
        Assert.Equal(SampleData.Pupils, logs[0].GetProperty("entries").GetInt64());

        var file = Path.Combine(data.Folder, "audit.json");
        var export = await data.RunAsync("evidence", "export", "audit-trail", file, "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(logs[1].GetProperty("entries").GetInt64(), export.Json().GetProperty("entries").GetInt64());
        var lines = File.ReadAllLines(file);
        Assert.Equal("{\"format\":\"hrplus-log-export/1\",\"log\":\"audit-trail\"}", lines[0]);
        Assert.Equal($"{{\"end\":\"hrplus-log-export/1\",\"entries\":{logs[1].GetProperty("entries").GetInt64()}}}", lines[^1]);
        Assert.Equal(logs[1].GetProperty("entries").GetInt64() + 2, lines.Length);
    }

    [Fact]
    public async Task EvidenceVerify_EditedAuditEntry_ExitOne_NamesThePosition()
    {
        await using var data = await SampleData.CreateAsync();
        await using (var app = await data.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SchoolDb>();
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE hrplus_audit_entries SET Actor = 'someone-else' WHERE Sequence = 2"));
        }

        var verify = await data.RunAsync("evidence", "verify", "--json");

        Assert.True(verify.ExitCode == 1, verify.ToString());
        var audit = verify.Json().GetProperty("logs")[1];
        Assert.False(audit.GetProperty("intact").GetBoolean());
        Assert.Equal(2, audit.GetProperty("firstBrokenPosition").GetInt64());
    }

    [Fact]
    public async Task Check_SampleApp_Passes_WithEveryHealthCheckListed()
    {
        await using var data = await SampleData.CreateAsync();

        var run = await data.RunAsync("check", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("passed").GetBoolean());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("kind").GetString() == "health");
        Assert.Contains(checks, c => c.GetProperty("kind").GetString() == "startup" && c.GetProperty("name").GetString() == "FieldKeyRingStartupCheck");
    }

    private static Task<(string Id, string Name)> FirstPupilAsync(SampleData data) => PupilAsync(data, 0);

    private static Task<(string Id, string Name)> SecondPupilAsync(SampleData data) => PupilAsync(data, 1);

    private static async Task<(string Id, string Name)> PupilAsync(SampleData data, int index)
    {
        await using var app = await data.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var pupil = (await scope.ServiceProvider.GetRequiredService<SchoolDb>().Pupils.AsNoTracking().ToListAsync()).OrderBy(p => p.Id).ElementAt(index);
        return (pupil.Id.ToString(), pupil.FullName);
    }
}
