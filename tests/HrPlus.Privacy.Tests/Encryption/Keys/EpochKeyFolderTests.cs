using System.Text.Json;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Where the epoch keys live by default: a folder of their own inside DataProtection's, one wrapped file each.</summary>
public sealed class EpochKeyFolderTests : IDisposable
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-epochs-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void PerSubjectKeys_DefaultFolders_EpochKeyBesideTheFieldKeys_SubjectKeyWrappedUnderIt_AndARestartDecrypts()
    {
        var dataProtection = Path.Combine(_root.FullName, "dp-keys");
        string stored;
        using (var app = Build(dataProtection))
        {
            stored = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        var epochFile = Assert.Single(Directory.GetFiles(Path.Combine(dataProtection, "HrPlus.Privacy-EpochKeys"), "key-*.json"));
        var epoch = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(epochFile));
        Assert.Equal("Active", epoch.GetProperty("State").GetString());
        Assert.DoesNotContain("Әлихан", File.ReadAllText(epochFile), StringComparison.Ordinal);

        var subject = Directory.GetFiles(Path.Combine(dataProtection, PrivacyServiceCollectionExtensions.DefaultKeyDirectoryName), "key-*.json")
            .Select(f => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(f)))
            .Single(r => r.GetProperty("Purpose").GetString() == "SubjectEncryption");
        Assert.Equal(FieldKeyRing.EpochWrappingVersion, subject.GetProperty("WrappingVersion").GetInt32());
        Assert.Equal(Path.GetFileName(epochFile)[4..12], Convert.ToHexStringLower(subject.GetProperty("WrappedKey").GetBytesFromBase64().AsSpan(0, 4)));

        using var restarted = Build(dataProtection);
        Assert.Equal("Әлихан Бекұлы", restarted.GetRequiredService<IFieldEncryptor>().Decrypt(stored, Name.WithSubject("pupil-1")));
    }

    [Fact]
    public void WithoutPerSubjectKeys_NoEpochFolderIsMade()
    {
        var dataProtection = Path.Combine(_root.FullName, "dp-keys");
        using (var app = Build(dataProtection, perSubjectKeys: false))
        {
            _ = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        Assert.False(Directory.Exists(Path.Combine(dataProtection, "HrPlus.Privacy-EpochKeys")));
    }

    [Fact]
    public void EpochFolderLost_SubjectsValue_FailsAsUnknownKey_AndTheMessageNamesTheEpochFolder()
    {
        var dataProtection = Path.Combine(_root.FullName, "dp-keys");
        string stored;
        using (var app = Build(dataProtection))
        {
            stored = app.GetRequiredService<IFieldEncryptor>().Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));
        }

        // An instance that does not mount the shared epoch folder (or a deployment that lost it).
        Directory.Delete(Path.Combine(dataProtection, "HrPlus.Privacy-EpochKeys"), recursive: true);
        using var restarted = Build(dataProtection);

        var error = Assert.Throws<FieldDecryptionException>(() => restarted.GetRequiredService<IFieldEncryptor>().Decrypt(stored, Name.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.UnknownKey, error.Reason);
        Assert.Contains("EpochKeyDirectory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Әлихан", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pupil-1", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string dataProtectionKeys, bool perSubjectKeys = true)
    {
        var services = new ServiceCollection();
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(dataProtectionKeys))
            .SetApplicationName("hrplus-epochs");
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = perSubjectKeys);
        return services.BuildServiceProvider();
    }
}
