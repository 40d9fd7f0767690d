using System.Text.Json;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// The epoch keys that wrap subject keys live where the host says (EpochKeyDirectory, or a store registered in code), never
/// in a default place: a per-user folder gave each instance epoch keys of its own, DataProtection's folder went into backups.
/// </summary>
public sealed class EpochKeyHomeTests : IDisposable
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-epochs-");

    private string DataProtection => Path.Combine(_root.FullName, "dp-keys");

    private string EpochFolder => Path.Combine(_root.FullName, "epoch-keys");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void PerSubjectKeys_NoEpochHome_FirstResolveOfTheKeyRing_ThrowsNamingBothWays_AndMakesNoFolder()
    {
        using var app = Build(epochFolder: null);

        var error = Assert.Throws<InvalidOperationException>(() => app.GetRequiredService<IFieldKeyRing>());

        Assert.Contains("EpochKeyDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("PersistEpochKeysToDbContext", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(DataProtection, "HrPlus.Privacy-EpochKeys")));
    }

    [Fact]
    public void PerSubjectKeys_NoEpochHome_StartingTheHostedServices_Throws()
    {
        using var app = Build(epochFolder: null);

        // What host.StartAsync does first: resolve the hosted services (the key ring's start-up check among them).
        var error = Assert.Throws<InvalidOperationException>(() => app.GetServices<IHostedService>().ToList());

        Assert.Contains("EpochKeyDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PerSubjectKeys_InMemoryFieldKeys_KeepInMemoryEpochs()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = true).UseInMemoryFieldKeys();
        using var app = services.BuildServiceProvider();
        var encryptor = app.GetRequiredService<IFieldEncryptor>();

        Assert.Equal("Әлихан", encryptor.Decrypt(encryptor.Encrypt("Әлихан", Name.WithSubject("pupil-1")), Name.WithSubject("pupil-1")));
    }

    [Fact]
    public async Task PerSubjectKeys_EpochStoreRegisteredInCode_IsUsed()
    {
        var epochs = new InMemoryFieldKeyStore();
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(DataProtection)).SetApplicationName("hrplus-epochs");
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = true)
            .PersistFieldKeysToFileSystem(new DirectoryInfo(Path.Combine(_root.FullName, "field-keys")))
            .UseEpochKeyStore(epochs);
        using var app = services.BuildServiceProvider();

        _ = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан", Name.WithSubject("pupil-1"));

        Assert.Single(await epochs.GetAllAsync(CancellationToken.None));
    }

    [Fact]
    public void PerSubjectKeys_EpochKeyDirectory_SubjectKeyWrappedUnderAnEpochKeyThere_AndARestartDecrypts()
    {
        string stored;
        using (var app = Build(EpochFolder))
        {
            stored = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        var epochFile = Assert.Single(Directory.GetFiles(EpochFolder, "key-*.json"));
        Assert.Equal("Active", JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(epochFile)).GetProperty("State").GetString());
        var subject = Directory.GetFiles(Path.Combine(DataProtection, PrivacyServiceCollectionExtensions.DefaultKeyDirectoryName), "key-*.json")
            .Select(f => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(f)))
            .Single(r => r.GetProperty("Purpose").GetString() == "SubjectEncryption");
        Assert.Equal(EpochWrapping.EpochWrappingVersion, subject.GetProperty("WrappingVersion").GetInt32());
        Assert.Equal(Path.GetFileName(epochFile)[4..12], Convert.ToHexStringLower(subject.GetProperty("WrappedKey").GetBytesFromBase64().AsSpan(0, 4)));

        using var restarted = Build(EpochFolder);
        Assert.Equal("Әлихан Бекұлы", restarted.GetRequiredService<IFieldEncryptor>().Decrypt(stored, Name.WithSubject("pupil-1")));
    }

    [Fact]
    public void WithoutPerSubjectKeys_NoEpochHomeNeeded_AndNoEpochFolderIsMade()
    {
        using (var app = Build(epochFolder: null, perSubjectKeys: false))
        {
            _ = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        Assert.Empty(Directory.GetDirectories(DataProtection, "*EpochKeys*", SearchOption.AllDirectories));
    }

    [Fact]
    public void EpochFolderLost_SubjectsValueAndNewWrites_FailAsKeyUnavailable_NamingTheEpochFolder_AndNoSecondKeyIsMade()
    {
        string stored;
        using (var app = Build(EpochFolder))
        {
            stored = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        // An instance that does not mount the shared epoch folder (or a deployment that lost it).
        Directory.Delete(EpochFolder, recursive: true);
        using var restarted = Build(EpochFolder);
        var encryptor = restarted.GetRequiredService<IFieldEncryptor>();

        var onDecrypt = Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(stored, Name.WithSubject("pupil-1")));
        var onEncrypt = Assert.Throws<FieldDecryptionException>(() => encryptor.Encrypt("Бекұлы", Name.WithSubject("pupil-1")));

        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, onDecrypt.Reason);
        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, onEncrypt.Reason);
        Assert.Contains(EpochFolder, onDecrypt.Message, StringComparison.Ordinal);
        Assert.Contains(EpochFolder, onEncrypt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Әлихан", onDecrypt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pupil-1", onEncrypt.Message, StringComparison.Ordinal);
        var subjectKeys = Directory.GetFiles(Path.Combine(DataProtection, PrivacyServiceCollectionExtensions.DefaultKeyDirectoryName), "key-*.json")
            .Select(f => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(f)))
            .Count(r => r.GetProperty("Purpose").GetString() == "SubjectEncryption");
        Assert.Equal(1, subjectKeys);
    }

    [Fact]
    public async Task StartupCheck_EpochKeysOfLiveSubjectKeysMissing_IsReportedInTheCheckResultAndAWarning()
    {
        using (var app = Build(EpochFolder))
        {
            _ = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        Directory.Delete(EpochFolder, recursive: true);
        var collector = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        using var restarted = Build(EpochFolder, logs: collector);
        foreach (var hosted in restarted.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var check = restarted.GetRequiredService<FieldKeyRing>().EpochCheck!;
        Assert.Equal(1, check.Checked);
        Assert.Single(check.Unusable);
        var warning = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 1035);
        Assert.Contains(EpochFolder, warning.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(string? epochFolder, bool perSubjectKeys = true, Microsoft.Extensions.Logging.Testing.FakeLogCollector? logs = null)
    {
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(b => b.AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)));
        }

        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(DataProtection))
            .SetApplicationName("hrplus-epochs");
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.PerSubjectKeys = perSubjectKeys;
            o.Encryption.EpochKeyDirectory = epochFolder;
        });
        return services.BuildServiceProvider();
    }
}
