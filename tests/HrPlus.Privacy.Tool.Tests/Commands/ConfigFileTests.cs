using System.Text.Json;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>The tool on a SQLite database through a config file, with signed checkpoints kept off the server.</summary>
public sealed class ConfigFileTests
{
    private const string ApplicationName = "HrPlus.Privacy.Tool.Tests";

    [Fact]
    public async Task EvidenceVerify_OffsiteCheckpoints_FindATruncatedAuditTrail_TheAppsOwnCannot()
    {
        using var provider = new SqliteProvider();
        provider.EnsureCreated();
        var folder = Directory.CreateTempSubdirectory("hrplus-config-").FullName;
        try
        {
            var keys = Directory.CreateDirectory(Path.Combine(folder, "keys")).FullName;
            var checkpoints = Path.Combine(folder, "checkpoints");
            var offsite = Directory.CreateDirectory(Path.Combine(folder, "offsite")).FullName;
            var checkpointKey = new byte[32];
            checkpointKey.AsSpan().Fill(7);
            await using (var services = Services(provider, keys, checkpoints, checkpointKey))
            {
                var audit = services.GetRequiredService<IAuditTrail>();
                for (var i = 0; i < 3; i++)
                {
                    await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "seed", SubjectId = $"s-{i}", Target = "Pupil" });
                }

                // Signed by the app and kept only off the server (the app's own sink has none); a torn last line is skipped.
                var sign = services.GetRequiredService<IHashChainCheckpoints>();
                await File.WriteAllTextAsync(Path.Combine(offsite, "consent-ledger.sth"), await sign.CreateTreeHeadAsync(HashChainedLog.ConsentLedger) + "\n");
                await File.WriteAllTextAsync(Path.Combine(offsite, "audit-trail.sth"), await sign.CreateTreeHeadAsync(HashChainedLog.AuditTrail) + "\nhrplus-sth/1 audit-tr");

                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
                Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("DELETE FROM hrplus_audit_entries WHERE Sequence = 3"));
            }

            var config = Path.Combine(folder, "hrplus.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Database = new { Provider = "Sqlite", ConnectionString = $"Data Source={provider.Path};Pooling=False" },
                DataProtection = new { KeyDirectory = "keys", ApplicationName },
                HrPlusPrivacy = new { Audit = new { CheckpointDirectory = checkpoints, CheckpointKey = Convert.ToBase64String(checkpointKey) } },
            }));

            var local = await ToolProcess.RunAsync(["evidence", "verify", "--config", config, "--json"]);
            var withOffsite = await ToolProcess.RunAsync(["evidence", "verify", "--checkpoints", offsite, "--config", config, "--json"]);
            var text = await ToolProcess.RunAsync(["evidence", "verify", "--checkpoints", offsite, "--config", config]);
            var missing = await ToolProcess.RunAsync(["evidence", "verify", "--checkpoints", Path.Combine(folder, "nowhere"), "--config", config]);

            Assert.True(local.ExitCode == 0, local.ToString());
            Assert.Equal(2, local.Json().GetProperty("logs")[1].GetProperty("entries").GetInt64());
            Assert.True(withOffsite.ExitCode == 1, withOffsite.ToString());
            var trail = withOffsite.Json().GetProperty("logs")[1];
            Assert.False(trail.GetProperty("intact").GetBoolean());
            Assert.Equal("Truncated", trail.GetProperty("break").GetString());
            Assert.Equal(3, trail.GetProperty("checkpointTreeSize").GetInt64());
            Assert.Equal(0, trail.GetProperty("checkpointIndex").GetInt32());
            Assert.Equal(1, trail.GetProperty("vouchedUpTo").GetInt64() + 1);
            Assert.Equal(1, trail.GetProperty("firstBrokenPosition").GetInt64());
            Assert.False(trail.GetProperty("positionExact").GetBoolean());
            Assert.True(withOffsite.Json().GetProperty("logs")[0].GetProperty("intact").GetBoolean());
            Assert.Equal(1, text.ExitCode);
            Assert.Contains("The audit-trail is broken at checkpoint 0 (size 3): Truncated, between positions 1 and 3 (2 entries read).", text.Stdout);
            Assert.Contains("A log is broken: keep the database and the checkpoint files as they are, and investigate.", text.Stdout);
            Assert.True(missing.ExitCode == 6, missing.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ConfigFile_Malformed_ExitsThree_NamingWhatIsMissing()
    {
        var folder = Directory.CreateTempSubdirectory("hrplus-config-").FullName;
        try
        {
            var config = Path.Combine(folder, "hrplus.json");
            await File.WriteAllTextAsync(config, "{\"Database\": {\"Provider\": \"Sqlite\"}}");
            var noConnection = await ToolProcess.RunAsync(["check", "--config", config]);
            await File.WriteAllTextAsync(config, "{\"Database\": {\"Provider\": \"Oracle\", \"ConnectionString\": \"x\"}, \"DataProtection\": {\"KeyDirectory\": \".\", \"ApplicationName\": \"a\"}}");
            var provider = await ToolProcess.RunAsync(["check", "--config", config]);
            await File.WriteAllTextAsync(config, "{\"Database\": {\"Provider\": \"Sqlite\", \"ConnectionString\": \"Data Source=x.db\"}, \"DataProtection\": {\"KeyDirectory\": \"nokeys\", \"ApplicationName\": \"a\"}}");
            var keys = await ToolProcess.RunAsync(["check", "--config", config]);

            Assert.True(noConnection.ExitCode == 3, noConnection.ToString());
            Assert.Contains("has no Database:ConnectionString.", noConnection.Stderr);
            Assert.Equal(3, provider.ExitCode);
            Assert.Contains("must be Sqlite or PostgreSql, not 'oracle'.", provider.Stderr);
            Assert.Equal(3, keys.ExitCode);
            Assert.Contains("nokeys' does not exist", keys.Stderr);
            Assert.False(File.Exists(Path.Combine(folder, "x.db")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Services(DatabaseProvider provider, string keys, string checkpoints, byte[] checkpointKey)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName(ApplicationName);
        provider.AddContext(services);
        services.AddHrPlusPrivacy(o =>
        {
            o.Audit.CheckpointDirectory = checkpoints;
#pragma warning disable CS0618 // the tool still reads the obsolete HMAC checkpoints a host configured
            o.Audit.CheckpointKey = checkpointKey;
#pragma warning restore CS0618
        }).UseEntityFrameworkCoreStores<TestDbContext>();
        return services.BuildServiceProvider();
    }
}
