using System.Text.Json;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>The tool on a PostgreSQL database through a config file (a host that is not started).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConfigTests(PostgresFixture postgres)
{
    private const string ApplicationName = "HrPlus.Privacy.Tool.Tests";

    [SkippableFact]
    public async Task ConfigFile_KeysRotate_SubjectBlock_EvidenceVerify_ChangeTheDatabaseAndAudit()
    {
        using var provider = postgres.NewProvider();
        provider.SkipIfUnavailable();
        provider.EnsureCreated();
        var folder = Directory.CreateTempSubdirectory("hrplus-pg-").FullName;
        try
        {
            var keys = Directory.CreateDirectory(Path.Combine(folder, "keys")).FullName;
            var checkpoints = Path.Combine(folder, "checkpoints");
            uint first;
            await using (var services = Services(provider, keys, checkpoints))
            {
                first = services.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
                await services.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Collect, Actor = "seed", SubjectId = "s-1", Target = "Pupil" });
            }

            var config = Path.Combine(folder, "hrplus.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Database = new { Provider = "PostgreSql", ((NpgsqlProvider)provider).ConnectionString },
                DataProtection = new { KeyDirectory = "keys", ApplicationName },
                HrPlusPrivacy = new { Audit = new { CheckpointDirectory = checkpoints } },
            }));

            var list = await ToolProcess.RunAsync(["keys", "list", "--config", config, "--json"]);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Equal(first.ToString("x8"), list.Json().GetProperty("current").GetString());

            var rotate = await ToolProcess.RunAsync(["keys", "rotate", "--config", config, "--actor", "ops-pg", "--json"]);
            Assert.True(rotate.ExitCode == 0, rotate.ToString());
            var rotated = rotate.Json().GetProperty("current").GetProperty("id").GetString();

            var block = await ToolProcess.RunAsync(["subject", "block", "s-1", "--reason", "authority request", "--requester", "AuthorizedBody", "--config", config, "--actor", "ops-pg"]);
            Assert.True(block.ExitCode == 0, block.ToString());

            var verify = await ToolProcess.RunAsync(["evidence", "verify", "--config", config, "--json"]);
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Equal(3, verify.Json().GetProperty("logs")[1].GetProperty("entries").GetInt64());

            await using var after = Services(provider, keys, checkpoints);
            var ring = after.GetRequiredService<IFieldKeyRing>();
            await ring.RefreshAsync();
            Assert.Equal(rotated, ring.CurrentKey.Id.ToString("x8"));
            var blocking = after.GetRequiredService<ISubjectBlocking>();
            var audit = await after.GetRequiredService<IAuditTrail>().GetBySubjectAsync("s-1");
            Assert.Equal([AuditOperation.Collect, AuditOperation.Block], audit.Select(e => e.Operation));
            Assert.Equal("ops-pg", audit[1].Actor);
            await using var scope = after.CreateAsyncScope();
            var all = await KeysCommandTests.ReadAuditAsync(scope.ServiceProvider);
            Assert.Single(all, e => e.Actor == "ops-pg" && e.Target == "FieldKey" && e.Operation == AuditOperation.Change);
            Assert.True(await IsBlockedAsync(blocking, "s-1"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> IsBlockedAsync(ISubjectBlocking blocking, string subject)
    {
        // The blocking state loads in the background on a fresh provider; poll generously.
        for (var i = 0; i < 200 && !blocking.IsBlocked(subject); i++)
        {
            await Task.Delay(50);
        }

        return blocking.IsBlocked(subject);
    }

    private static ServiceProvider Services(DatabaseProvider provider, string keys, string checkpoints)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName(ApplicationName);
        provider.AddContext(services);
        services.AddHrPlusPrivacy(o => o.Audit.CheckpointDirectory = checkpoints).UseEntityFrameworkCoreStores<TestDbContext>();
        return services.BuildServiceProvider();
    }
}
