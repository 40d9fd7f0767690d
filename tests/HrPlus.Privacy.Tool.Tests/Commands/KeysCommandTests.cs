using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>hrplus keys …</c> run as a process against the sample app's compiled assembly (SQLite).</summary>
public sealed class KeysCommandTests
{
    [Fact]
    public async Task List_Json_ShowsTheCurrentEncryptionKeyAndTheRoots()
    {
        await using var data = await SampleData.CreateAsync();
        uint current;
        await using (var app = await data.OpenAsync())
        {
            current = app.Services.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
        }

        var run = await data.RunAsync("keys", "list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(current.ToString("x8"), json.GetProperty("current").GetString());
        var keys = json.GetProperty("keys").EnumerateArray().ToList();
        Assert.Single(keys, k => k.GetProperty("current").GetBoolean());
        Assert.Contains(keys, k => k.GetProperty("purpose").GetString() == "BlindIndex" && k.GetProperty("state").GetString() == "Active");
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task List_Text_IsATableWithoutPersonalData()
    {
        await using var data = await SampleData.CreateAsync();

        var run = await data.RunAsync("keys", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Encryption", run.Stdout);
        Assert.Contains("Current", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // redirected: no colours, no progress
    }

    [Fact]
    public async Task RotateThenMigrate_PupilsUnderTheirOwnKeys_StayThere_AndBothAreAuditedWithTheActor()
    {
        // The sample keeps each pupil's fields under the pupil's own key (PerSubjectKeys): a rotation of the shared key
        // leaves them where they are, so migrate finds no value under the old shared key.
        await using var data = await SampleData.CreateAsync();

        var rotate = await data.RunAsync("keys", "rotate", "--actor", "ops-anna", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var newKey = rotate.Json().GetProperty("current").GetProperty("id").GetString();
        Assert.NotEqual(rotate.Json().GetProperty("previous").GetString(), newKey);

        var migrate = await data.RunAsync("keys", "migrate", "--batch", "2", "--actor", "ops-anna", "--json");
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        var pupil = Assert.Single(migrate.Json().GetProperty("entities").EnumerateArray());
        Assert.Equal("Pupil", pupil.GetProperty("entity").GetString());
        Assert.Equal(0, pupil.GetProperty("rowsUpdated").GetInt64());
        Assert.Equal(0, pupil.GetProperty("rowsFailed").GetInt64());

        await using var app = await data.OpenAsync();
        Assert.Equal(newKey, app.Services.GetRequiredService<IFieldKeyRing>().CurrentKey.Id.ToString("x8"));
        await using var scope = app.Services.CreateAsyncScope();
        var encryptor = scope.ServiceProvider.GetRequiredService<IFieldEncryptor>();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDb>();
        var ciphertexts = await db.Database.SqlQueryRaw<string>("SELECT Iin AS Value FROM Pupils").ToListAsync();
        Assert.Equal(SampleData.Pupils, ciphertexts.Count);
        Assert.All(ciphertexts, c => Assert.True(encryptor.IsUnderCurrentKey(c.AsSpan())));   // the pupil's own key is current
        var entries = await ReadAuditAsync(scope.ServiceProvider);
        var ours = entries.Where(e => e.Actor == "ops-anna").ToList();
        Assert.Equal(AuditOperation.Change, ours[0].Operation);
        Assert.Equal("FieldKey", ours[0].Target);
        Assert.All(ours.Skip(1), e => Assert.Equal("Pupil", e.Target));
    }

    [Fact]
    public async Task RotateThenMigrate_OverSharedRowBoundKeys_MovesEveryValueToTheNewKey_AndAuditsWithTheActor()
    {
        // The sample with PerSubjectKeys off: every pupil's fields are under the shared key, bound to the pupil's row.
        await using var data = await SampleData.CreateAsync("--Sample:PerSubjectKeys=false");
        List<(Guid Id, string FullName, string Iin)> before;
        await using (var app = await data.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            before = (await scope.ServiceProvider.GetRequiredService<SchoolDb>().Pupils.AsNoTracking().OrderBy(p => p.Id).ToListAsync()).Select(p => (p.Id, p.FullName, p.Iin)).ToList();
        }

        var rotate = await data.RunAsync("keys", "rotate", "--actor", "ops-timur", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.All(await CiphertextsAsync(data), c => Assert.False(c.UnderCurrent));

        var migrate = await data.RunAsync("keys", "migrate", "--batch", "4", "--actor", "ops-timur", "--json");

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        var pupil = Assert.Single(migrate.Json().GetProperty("entities").EnumerateArray());
        Assert.Equal(("Pupil", (long)SampleData.Pupils, 0L), (pupil.GetProperty("entity").GetString(), pupil.GetProperty("rowsUpdated").GetInt64(), pupil.GetProperty("rowsFailed").GetInt64()));
        var after = await CiphertextsAsync(data);
        Assert.Equal(SampleData.Pupils * 2, after.Count);
        Assert.All(after, c => Assert.True(c.UnderCurrent));
        await using (var app = await data.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var now = (await scope.ServiceProvider.GetRequiredService<SchoolDb>().Pupils.AsNoTracking().OrderBy(p => p.Id).ToListAsync()).Select(p => (p.Id, p.FullName, p.Iin)).ToList();
            Assert.Equal(before, now);
            var ours = (await ReadAuditAsync(scope.ServiceProvider)).Where(e => e.Actor == "ops-timur").ToList();
            Assert.Equal(("FieldKey", AuditOperation.Change), (ours[0].Target, ours[0].Operation));
            // The SDK's migration API records one Change entry per entity migrated, with the operator's name.
            Assert.Equal(AuditOperation.Change, Assert.Single(ours, e => e.Target == "Pupil").Operation);
        }

        // Nothing left under the old key: a second migration moves nothing.
        var again = await data.RunAsync("keys", "migrate", "--actor", "ops-timur", "--json");
        Assert.Equal(0, again.Json().GetProperty("entities")[0].GetProperty("rowsUpdated").GetInt64());
    }

    private static async Task<List<(string Value, bool UnderCurrent)>> CiphertextsAsync(SampleData data)
    {
        await using var app = await data.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var encryptor = scope.ServiceProvider.GetRequiredService<IFieldEncryptor>();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDb>();
        var values = await db.Database.SqlQueryRaw<string>("SELECT Iin AS Value FROM Pupils UNION ALL SELECT FullName AS Value FROM Pupils").ToListAsync();
        return values.Select(v => (v, encryptor.IsUnderCurrentKey(v.AsSpan()))).ToList();
    }

    [Fact]
    public async Task Retire_ThePreviousKey_RetiresIt_AndAuditsTheChangeWithTheActor()
    {
        await using var data = await SampleData.CreateAsync();
        var rotate = await data.RunAsync("keys", "rotate", "--actor", "ops-saule", "--json");
        var previous = rotate.Json().GetProperty("previous").GetString()!;

        var retire = await data.RunAsync("keys", "retire", previous, "--actor", "ops-saule", "--json");
        var withoutActor = await data.RunAsync("keys", "retire", previous);

        Assert.True(retire.ExitCode == 0, retire.ToString());
        Assert.Equal((previous, "Retired"), (retire.Json().GetProperty("key").GetProperty("id").GetString(), retire.Json().GetProperty("key").GetProperty("state").GetString()));
        Assert.Equal(2, withoutActor.ExitCode);
        await using var app = await data.OpenAsync();
        Assert.Equal(FieldKeyState.Retired, app.Services.GetRequiredService<IFieldKeyRing>().GetKeys().Single(k => k.Id.ToString("x8") == previous).State);
        await using var scope = app.Services.CreateAsyncScope();
        var entry = (await ReadAuditAsync(scope.ServiceProvider)).Single(e => e.Sequence == retire.Json().GetProperty("auditSequence").GetInt64());
        Assert.Equal(("ops-saule", AuditOperation.Change), (entry.Actor, entry.Operation));
        Assert.StartsWith($"retired: key {previous}", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_CurrentKey_IsRefused_AndARootGetsTheSdksError()
    {
        await using var data = await SampleData.CreateAsync();
        var list = (await data.RunAsync("keys", "list", "--json")).Json();
        var current = list.GetProperty("current").GetString()!;
        var root = list.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("purpose").GetString() == "BlindIndex").GetProperty("id").GetString()!;

        var destroyCurrent = await data.RunAsync("keys", "destroy", current, "--yes", "--actor", "ops");
        var destroyRoot = await data.RunAsync("keys", "destroy", root, "--yes", "--actor", "ops", "--json");

        Assert.True(destroyCurrent.ExitCode == 4, destroyCurrent.ToString());
        Assert.Contains($"Key {current} is the current encryption key", destroyCurrent.Stderr);
        Assert.True(destroyRoot.ExitCode == 4, destroyRoot.ToString());
        Assert.Contains($"Key {root} is the current BlindIndex root secret", destroyRoot.Stderr);
        Assert.Equal(4, destroyRoot.Json().GetProperty("error").GetProperty("exitCode").GetInt32());
        await using var app = await data.OpenAsync();
        Assert.DoesNotContain(app.Services.GetRequiredService<IFieldKeyRing>().GetKeys(), k => k.State == FieldKeyState.Destroyed);
    }

    [Fact]
    public async Task Destroy_AsksFirst_NoKeepsTheKey_YesDestroysItAndAudits()
    {
        await using var data = await SampleData.CreateAsync();
        var old = (await data.RunAsync("keys", "rotate", "--actor", "ops", "--json")).Json().GetProperty("previous").GetString()!;

        var declined = await data.RunWithInputAsync("n\n", "keys", "destroy", old, "--actor", "ops");
        Assert.True(declined.ExitCode == 5, declined.ToString());
        Assert.Contains($"Destroy key {old} (Encryption)?", declined.Stderr);

        var noTerminal = await data.RunAsync("keys", "destroy", old, "--actor", "ops");
        Assert.Equal(5, noTerminal.ExitCode);

        var confirmed = await data.RunWithInputAsync("y\n", "keys", "destroy", old, "--actor", "ops", "--json");
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Equal("Destroyed", confirmed.Json().GetProperty("key").GetProperty("state").GetString());

        await using var app = await data.OpenAsync();
        Assert.Equal(FieldKeyState.Destroyed, app.Services.GetRequiredService<IFieldKeyRing>().GetKeys().Single(k => k.Id.ToString("x8") == old).State);
        await using var scope = app.Services.CreateAsyncScope();
        var destroyed = (await ReadAuditAsync(scope.ServiceProvider)).Single(e => e.Operation == AuditOperation.Destroy);
        Assert.Equal("ops", destroyed.Actor);
        Assert.Equal($"destroyed: key {old} (Encryption)", destroyed.Detail);
    }

    [Theory]
    [InlineData(new[] { "keys", "rotate" }, "Option '--actor' is required.")]
    [InlineData(new[] { "keys", "retire", "xyz", "--actor", "ops" }, "'xyz' is not a key id")]
    [InlineData(new[] { "keys", "migrate", "--batch", "0", "--actor", "ops" }, "--batch must be at least 1.")]
    [InlineData(new[] { "keys", "spin" }, "spin")]
    public async Task BadCommandLine_ExitsWithUsageCode(string[] args, string message)
    {
        var run = await ToolProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task Retire_UnknownKey_IsNotFound()
    {
        await using var data = await SampleData.CreateAsync();

        var run = await data.RunAsync("keys", "retire", "0badc0de", "--actor", "ops");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("There is no key 0badc0de in the field key store.", run.Stderr);
    }

    internal static async Task<List<AuditEntry>> ReadAuditAsync(IServiceProvider services)
    {
        var list = new List<AuditEntry>();
        await foreach (var entry in services.GetRequiredService<IAuditStore>().ReadAllAsync(CancellationToken.None))
        {
            list.Add(entry);
        }

        return list;
    }
}
