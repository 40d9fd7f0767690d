using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>The default key folder belongs to one DataProtection key ring; keys of the old shared folder move to it.</summary>
public sealed class DefaultKeyLocationTests : IDisposable
{
    private const string Folder = PrivacyServiceCollectionExtensions.DefaultKeyDirectoryName;
    private static readonly FieldContext Context = FieldContext.For("Pupil", "Iin").WithRow(7);
    private static readonly BlindIndex PupilIin = BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Exact, 32);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-location-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void QuickStart_TwoAppsWithDataProtectionFoldersInOneParent_BothEncryptAndDecrypt()
    {
        var dirA = Path.Combine(_root.FullName, "dp-keys-a");
        var dirB = Path.Combine(_root.FullName, "dp-keys-b");
        string cipherA;
        using (var a = QuickStart(dirA))
        using (var b = QuickStart(dirB))
        {
            cipherA = RoundTrip(a, "050315500123");
            RoundTrip(b, "980622400157");
            Assert.Equal(BlindIndexOf(a, "050315500123"), BlindIndexOf(a, "050315500123"));
            Assert.NotEqual(BlindIndexOf(a, "050315500123"), BlindIndexOf(b, "050315500123"));
        }

        Assert.False(Directory.Exists(Path.Combine(_root.FullName, Folder)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dirA, Folder), "key-*.json"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dirB, Folder), "key-*.json"));
        using var restarted = QuickStart(dirA);
        Assert.Equal("050315500123", restarted.GetRequiredService<IFieldEncryptor>().Decrypt(cipherA, Context));
    }

    [Fact]
    public void DefaultFolder_InsideDataProtectionFolder_DataProtectionStillReadsItsRing()
    {
        var dir = Path.Combine(_root.FullName, "dp-keys");
        byte[] protectedByDataProtection;
        using (var app = QuickStart(dir))
        {
            RoundTrip(app, "050315500123");
            protectedByDataProtection = app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect([1, 2, 3]);
        }

        Assert.True(Directory.Exists(Path.Combine(dir, Folder)));
        using var restarted = QuickStart(dir);
        Assert.Equal([1, 2, 3], restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedByDataProtection));
        Assert.Single(Directory.GetFiles(dir, "*.xml"));
    }

    [Fact]
    public void PerUserDefaultFolder_TwoApplications_TwoFoldersNamedByDiscriminator()
    {
        var a = PerUserDefaultStoreFolder("school-portal");
        var b = PerUserDefaultStoreFolder("school-admin");

        Assert.NotEqual(a, b);
        Assert.Equal(a, PerUserDefaultStoreFolder("school-portal"));
        var shared = FileSystemXmlRepository.DefaultKeyStorageDirectory!.FullName;
        Assert.Equal(shared, Path.GetDirectoryName(a));
        Assert.Matches($"^{Folder}-[0-9a-f]{{16}}$", Path.GetFileName(a));
    }

    [Fact]
    public void LegacySharedFolder_EachAppMovesExactlyItsOwnKeys()
    {
        var dirA = Path.Combine(_root.FullName, "dp-keys-a");
        var dirB = Path.Combine(_root.FullName, "dp-keys-b");
        var legacy = Path.Combine(_root.FullName, Folder);

        // The layout an earlier release left: both apps' keys in one folder beside the DataProtection folders.
        string cipherA, cipherB;
        using (var a = QuickStart(dirA, keyDirectory: legacy))
        {
            cipherA = RoundTrip(a, "050315500123");
        }

        var filesOfA = Directory.GetFiles(legacy, "key-*.json").Select(f => Path.GetFileName(f)).Order().ToArray();
        var elsewhere = Path.Combine(_root.FullName, "b-keys");
        using (var b = QuickStart(dirB, keyDirectory: elsewhere))
        {
            cipherB = RoundTrip(b, "980622400157");
        }

        var filesOfB = Directory.GetFiles(elsewhere, "key-*.json").Select(f => Path.GetFileName(f)).Order().ToArray();
        foreach (var file in filesOfB)
        {
            File.Copy(Path.Combine(elsewhere, file), Path.Combine(legacy, file));
        }

        using (var a = QuickStart(dirA))
        {
            Assert.Equal("050315500123", a.GetRequiredService<IFieldEncryptor>().Decrypt(cipherA, Context));
        }

        Assert.Equal(filesOfA, Directory.GetFiles(Path.Combine(dirA, Folder), "key-*.json").Select(f => Path.GetFileName(f)).Order());
        Assert.Equal(filesOfB, Directory.GetFiles(legacy, "key-*.json").Select(f => Path.GetFileName(f)).Order());

        using (var b = QuickStart(dirB))
        {
            Assert.Equal("980622400157", b.GetRequiredService<IFieldEncryptor>().Decrypt(cipherB, Context));
        }

        Assert.Equal(filesOfB, Directory.GetFiles(Path.Combine(dirB, Folder), "key-*.json").Select(f => Path.GetFileName(f)).Order());
        Assert.Empty(Directory.GetFiles(legacy, "key-*.json"));
    }

    /// <summary>Needs the key ring to skip records it cannot unwrap (the key ring's half of issue 12, point 1).</summary>
    [Fact]
    public void DeletedDataProtectionRing_AppOverTheLeftFolder_StillEncrypts()
    {
        var dir = Path.Combine(_root.FullName, "dp-keys");
        string lost;
        using (var app = QuickStart(dir))
        {
            lost = RoundTrip(app, "050315500123");
            BlindIndexOf(app, "050315500123");
        }

        foreach (var ring in Directory.GetFiles(dir, "*.xml"))
        {
            File.Delete(ring);
        }

        using var restarted = QuickStart(dir);
        RoundTrip(restarted, "980622400157");
        Assert.Equal(BlindIndexOf(restarted, "050315500123"), BlindIndexOf(restarted, "050315500123"));
        Assert.NotEmpty(restarted.GetRequiredService<IPseudonymizer>().Pseudonymize("050315500123", "reports"));
        Assert.Throws<FieldDecryptionException>(() => restarted.GetRequiredService<IFieldEncryptor>().Decrypt(lost, Context));
    }

    /// <summary>An app configured exactly as the README's quick start.</summary>
    private static ServiceProvider QuickStart(string dataProtectionKeys, string? keyDirectory = null)
    {
        var services = new ServiceCollection();
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(dataProtectionKeys))
            .SetApplicationName("hrplus");
        services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = keyDirectory);
        return services.BuildServiceProvider();
    }

    private static string PerUserDefaultStoreFolder(string applicationName)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(applicationName);
        services.AddHrPlusPrivacy();
        using var provider = services.BuildServiceProvider();
        return ((FileSystemFieldKeyStore)provider.GetRequiredService<IFieldKeyStore>()).Directory.FullName;
    }

    private static string RoundTrip(IServiceProvider app, string value)
    {
        var encryptor = app.GetRequiredService<IFieldEncryptor>();
        var ciphertext = encryptor.Encrypt(value, Context);
        Assert.Equal(value, encryptor.Decrypt(ciphertext, Context));
        return ciphertext;
    }

    private static string BlindIndexOf(IServiceProvider app, string value) =>
        app.GetRequiredService<IBlindIndexer>().Compute(PupilIin, value);
}
