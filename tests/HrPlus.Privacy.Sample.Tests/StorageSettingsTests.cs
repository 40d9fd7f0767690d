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
        var key = await File.ReadAllBytesAsync(Path.Combine(data, "checkpoint.key"));
        Assert.Equal(32, key.Length);
        Assert.Equal(key, options.Audit.CheckpointKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "checkpoint.key")));
        }

        // The checkpoint job writes at start-up (in the background): both logs get a signed line.
        var audit = Path.Combine(data, "Checkpoints", "audit-trail.checkpoints");
        var ledger = Path.Combine(data, "Checkpoints", "consent-ledger.checkpoints");
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
    public async Task Start_WithConfiguredFoldersAndKey_UsesThem_AndMakesNoKeyFile()
    {
        var shared = Directory.CreateTempSubdirectory("hrplus-sample-shared-");
        try
        {
            var key = Enumerable.Range(1, 40).Select(i => (byte)i).ToArray();
            await using var server = await SampleServer.StartAsync(
                "--Sample:EpochKeyDirectory", Path.Combine(shared.FullName, "epochs"),
                "--Sample:CheckpointDirectory", Path.Combine(shared.FullName, "checkpoints"),
                "--Sample:CheckpointKey", Convert.ToBase64String(key));
            await server.RegisterAsync("Сәуле Ортақ", TestPupils.Adult());
            var options = server.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value;

            Assert.Equal(Path.Combine(shared.FullName, "epochs"), options.Encryption.EpochKeyDirectory);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(shared.FullName, "epochs")));
            Assert.Equal(Path.Combine(shared.FullName, "checkpoints"), options.Audit.CheckpointDirectory);
            Assert.Equal(key, options.Audit.CheckpointKey);
            Assert.False(File.Exists(Path.Combine(server.Folder.FullName, "checkpoint.key")));
            Assert.False(Directory.Exists(Path.Combine(server.Folder.FullName, "EpochKeys")));
        }
        finally
        {
            shared.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")] // 31 bytes
    [InlineData("not base64 at all!")]
    public async Task Start_WithABadCheckpointKey_FailsSayingWhatItNeeds(string key)
    {
        var folder = Directory.CreateTempSubdirectory("hrplus-sample-");
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleApp.BuildAsync(
                ["--urls", "http://127.0.0.1:0", "--Sample:DataDirectory", folder.FullName, "--Sample:CheckpointKey", key]));
            Assert.Equal("Sample:CheckpointKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).", ex.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
