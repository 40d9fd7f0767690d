using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>A real container, as a host app builds it, with keys in a temporary folder.</summary>
internal sealed class EncryptionSetup : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hrplus-bench-");
    private readonly ServiceProvider _provider;

    public EncryptionSetup(FieldEncryptionEngine engine = FieldEncryptionEngine.Auto)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory("dp")).SetApplicationName("hrplus-bench");
        services.AddHrPlusPrivacy(o =>
        {
            o.Encryption.KeyDirectory = Path.Combine(_folder.FullName, "field-keys");
            o.Encryption.Engine = engine;
        });
        _provider = services.BuildServiceProvider();
        Encryptor = _provider.GetRequiredService<IFieldEncryptor>();
        Protector = _provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("HrPlus.Privacy.Benchmarks");
    }

    public IFieldEncryptor Encryptor { get; }

    public IServiceProvider Services => _provider;

    public IDataProtector Protector { get; }

    /// <summary>Text of the given UTF-8 length: an IIN for 12, a full name for 64, a note for 1024.</summary>
    public static string Text(int size) => size switch
    {
        12 => "050315500123",
        _ => new string('a', size),
    };

    public void Dispose()
    {
        _provider.Dispose();
        _folder.Delete(recursive: true);
    }
}
