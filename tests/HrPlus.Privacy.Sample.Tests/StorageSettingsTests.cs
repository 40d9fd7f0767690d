using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>
/// Where the sample keeps data and keys (Sample:* settings): on the SQLite file with no set-up, per-subject keys on with
/// the epoch keys in a folder of the data folder, checkpoints signed and written, DataProtection's keys in their folder.
/// </summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public async Task Start_OnSqlite_TurnsOnPerSubjectKeys_WithEpochKeysAndCheckpointsInTheDataFolder()
    {
        await using var server = await SampleServer.StartAsync();
        await server.RegisterAsync("Нұрлан Баптау", TestPupils.Adult());
        var options = server.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value;
        var data = server.Folder.FullName;

        Assert.True(options.Encryption.PerSubjectKeys);
        Assert.Equal(Path.Combine(data, "EpochKeys"), options.Encryption.EpochKeyDirectory);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "EpochKeys")));
        Assert.Equal(Path.Combine(data, "Checkpoints"), options.Audit.CheckpointDirectory);
#pragma warning disable CS0618 // the obsolete HMAC key must stay unset: the sample signs with the SDK's Ed25519 key
        Assert.Null(options.Audit.CheckpointKey);
#pragma warning restore CS0618

        // The checkpoint job writes at start-up (in the background): both logs get a signed tree head.
        var audit = Path.Combine(data, "Checkpoints", "audit-trail.sth");
        var ledger = Path.Combine(data, "Checkpoints", "consent-ledger.sth");
        for (var waited = 0; waited < 300 && !(File.Exists(audit) && File.Exists(ledger)); waited++)
        {
            await Task.Delay(100);
        }

        Assert.NotEmpty(await File.ReadAllLinesAsync(audit));
        Assert.NotEmpty(await File.ReadAllLinesAsync(ledger));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "DataProtection-Keys"), "*.xml"));
        Assert.Equal("0", (await server.QueryRawAsync("SELECT COUNT(*) FROM DataProtectionKeys")).Single()[0]);
    }

    [Fact]
    public async Task Start_WithConfiguredFolders_UsesThem_AndMakesNoFolderInTheDataFolder()
    {
        var shared = Directory.CreateTempSubdirectory("hrplus-sample-shared-");
        try
        {
            await using var server = await SampleServer.StartAsync(
                "--Sample:EpochKeyDirectory", Path.Combine(shared.FullName, "epochs"),
                "--Sample:CheckpointDirectory", Path.Combine(shared.FullName, "checkpoints"));
            await server.RegisterAsync("Сәуле Ортақ", TestPupils.Adult());
            var options = server.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value;

            Assert.Equal(Path.Combine(shared.FullName, "epochs"), options.Encryption.EpochKeyDirectory);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(shared.FullName, "epochs")));
            Assert.Equal(Path.Combine(shared.FullName, "checkpoints"), options.Audit.CheckpointDirectory);
            Assert.False(Directory.Exists(Path.Combine(server.Folder.FullName, "Checkpoints")));
            Assert.False(Directory.Exists(Path.Combine(server.Folder.FullName, "EpochKeys")));
        }
        finally
        {
            shared.Delete(recursive: true);
        }
    }
}
