using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Tests.DependencyInjection;

public sealed class PrivacyServiceCollectionExtensionsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-di-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void AddHrPlusPrivacy_NoArguments_EncryptsWithKeysInsideDataProtectionFolder()
    {
        var dataProtectionKeys = _root.CreateSubdirectory("DataProtection-Keys");
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(dataProtectionKeys).SetApplicationName("hrplus-tests");
        services.AddHrPlusPrivacy();
        using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IFieldEncryptor>();

        var ciphertext = encryptor.Encrypt("Әлихан", FieldContext.For("Student", "FullName"));

        Assert.Equal("Әлихан", encryptor.Decrypt(ciphertext, FieldContext.For("Student", "FullName")));
        var keyFiles = new DirectoryInfo(Path.Combine(dataProtectionKeys.FullName, PrivacyServiceCollectionExtensions.DefaultKeyDirectoryName)).GetFiles("key-*.json");
        Assert.Single(keyFiles);
        // The file holds the DataProtection-wrapped key, not raw bytes.
        Assert.Contains("\"WrappedKey\"", File.ReadAllText(keyFiles[0].FullName), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_SurviveProcessRestart_ThroughFileSystemStore()
    {
        var context = FieldContext.For("Student", "Iin");
        string ciphertext;
        uint keyId;
        using (var first = Build())
        {
            ciphertext = first.GetRequiredService<IFieldEncryptor>().Encrypt("050315500123", context);
            keyId = first.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
        }

        using var second = Build();

        Assert.Equal("050315500123", second.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, context));
        Assert.Equal(keyId, second.GetRequiredService<IFieldKeyRing>().CurrentKey.Id);
    }

    [Fact]
    public void Keys_OtherDataProtectionRing_NeverStopTheApp_AndTheirValuesSayKeyUnavailable()
    {
        var context = FieldContext.For("Student", "Iin");
        string ciphertext;
        using (var first = Build())
        {
            ciphertext = first.GetRequiredService<IFieldEncryptor>().Encrypt("050315500123", context);
        }

        // Same field key folder, but a different DataProtection key ring: the other ring's keys stay sealed, and this app
        // makes and uses keys of its own (on main, every Encrypt threw "cannot be unwrapped").
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)));
        services.AddDataProtection().PersistKeysToFileSystem(_root.CreateSubdirectory("other-dp")).SetApplicationName("hrplus-tests");
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = Path.Combine(_root.FullName, "field-keys"));
        using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IFieldEncryptor>();

        var own = encryptor.Encrypt("050315500123", context);
        Assert.Equal("050315500123", encryptor.Decrypt(own, context));
        Assert.NotNull(provider.GetRequiredService<IBlindIndexer>().Compute(BlindIndex.Create("iin", BlindIndexNormalization.Iin, 64), "050315500123"));
        var ex = Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(ciphertext, context));
        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, ex.Reason);
        Assert.Contains("DataProtection", ex.Message, StringComparison.Ordinal);
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1007);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.DoesNotContain("050315500123", string.Join("\n", logs.GetSnapshot().Select(r => r.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void AddHrPlusPrivacy_InvalidOptions_FailsValidationWithReason()
    {
        var services = new ServiceCollection();
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.KeyLifetime = TimeSpan.FromHours(1);
            o.Encryption.MaxEncryptionsPerKey = (1L << 32) + 1;
        }).UseInMemoryFieldKeys();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PrivacyOptions>>().Value);

        Assert.Contains("KeyLifetime must be at least one day.", ex.Failures);
        Assert.Contains("MaxEncryptionsPerKey must be between 1 and 2^32 (NIST SP 800-38D).", ex.Failures);
    }

    [Fact]
    public void UseInMemoryFieldKeys_ReplacesDefaultStore()
    {
        var services = new ServiceCollection();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryFieldKeyStore>(provider.GetRequiredService<IFieldKeyStore>());
        Assert.Same(provider.GetRequiredService<IFieldKeyRing>(), provider.GetRequiredService<IFieldKeyRing>());
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_root.CreateSubdirectory("dp")).SetApplicationName("hrplus-tests");
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = Path.Combine(_root.FullName, "field-keys"));
        return services.BuildServiceProvider();
    }
}
