using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FieldKeyRingStartupCheckTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-startup-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Start_WithAnotherRingsKeysInTheFolder_WarnsOnceWithTheirIds_AndWarmsUpAKeyOfItsOwn()
    {
        var keyFolder = Path.Combine(_root.FullName, "field-keys");
        uint foreignId;
        using (var other = Build("other-dp", keyFolder, new FakeLogCollector()))
        {
            foreignId = other.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
        }

        var logs = new FakeLogCollector();
        using var app = Build("own-dp", keyFolder, logs);
        foreach (var hosted in app.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1007);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(FieldDecryptionException.FormatKeyId(foreignId), warning.Message, StringComparison.Ordinal);
        // The warm-up made this app's own key and reserved its first block of encryptions, outside any request.
        Assert.Equal(2, Directory.GetFiles(keyFolder, "key-*.json").Length);
        var own = await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
        var current = own.Single(r => r.Id == app.GetRequiredService<IFieldKeyRing>().CurrentKey.Id);
        Assert.NotEqual(foreignId, current.Id);
        Assert.True(current.ReservedEncryptions > 0);
    }

    [Fact]
    public async Task Start_WhenTheStoreCannotBeRead_LogsAndNeverStopsTheHost()
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy();
        services.AddSingleton<IFieldKeyStore, ThrowingStore>();
        using var app = services.BuildServiceProvider();

        foreach (var hosted in app.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1009 && r.Level == LogLevel.Warning);
    }

    private ServiceProvider Build(string dataProtectionFolder, string keyFolder, FakeLogCollector logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddDataProtection().PersistKeysToFileSystem(_root.CreateSubdirectory(dataProtectionFolder)).SetApplicationName(dataProtectionFolder);
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = keyFolder);
        return services.BuildServiceProvider();
    }

    private sealed class ThrowingStore : IFieldKeyStore
    {
        public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken) => throw new IOException("disk gone");

        public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) => throw new IOException("disk gone");

        public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => throw new IOException("disk gone");
    }
}
