using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// Encrypting one field: the SDK's span and string APIs beside one raw <see cref="AesGcm.Encrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// call (fixed nonce, no format) and <see cref="Microsoft.AspNetCore.DataProtection.IDataProtector.Protect(byte[])"/>.
/// </summary>
[MemoryDiagnoser]
public class EncryptBenchmarks
{
    private static readonly FieldContext Context = FieldContext.For("Student", "Iin");

    // Header (5 bytes) + length-prefixed "Student" and "Iin" + no-row marker: what the SDK authenticates.
    private readonly byte[] _associatedData = new byte[20];
    private EncryptionSetup _setup = null!;
    private EncryptionSetup _platform = null!;
    private AesGcm _aes = null!;
    private byte[] _plaintext = null!;
    private byte[] _destination = null!;
    private byte[] _tag = null!;
    private byte[] _nonce = null!;
    private string _text = null!;

    [Params(12, 64, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new EncryptionSetup(FieldEncryptionEngine.Libsodium);
        _platform = new EncryptionSetup(FieldEncryptionEngine.Platform);
        _text = EncryptionSetup.Text(Size);
        _plaintext = Encoding.UTF8.GetBytes(_text);
        _destination = new byte[FieldCiphertext.GetCiphertextLength(_plaintext.Length)];
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _tag = new byte[16];
        _nonce = new byte[12];
        _setup.Encryptor.Encrypt(_plaintext, _destination, Context);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _setup.Dispose();
        _platform.Dispose();
    }

    [Benchmark(Description = "raw AesGcm.Encrypt")]
    public byte RawAesGcm()
    {
        _aes.Encrypt(_nonce, _plaintext, _destination.AsSpan(0, _plaintext.Length), _tag);
        return _tag[0];
    }

    /// <summary>The same raw call with the 20 bytes of associated data the SDK binds for <c>Student.Iin</c>.</summary>
    [Benchmark(Baseline = true, Description = "raw AesGcm.Encrypt + 20 B AD")]
    public byte RawAesGcmWithAssociatedData()
    {
        _aes.Encrypt(_nonce, _plaintext, _destination.AsSpan(0, _plaintext.Length), _tag, _associatedData);
        return _tag[0];
    }

    [Benchmark(Description = "IFieldEncryptor span, libsodium")]
    public int FieldSpan() => _setup.Encryptor.Encrypt(_plaintext, _destination, Context);

    [Benchmark(Description = "IFieldEncryptor span, platform")]
    public int FieldSpanPlatform() => _platform.Encryptor.Encrypt(_plaintext, _destination, Context);

    [Benchmark(Description = "IFieldEncryptor string, libsodium")]
    public string FieldString() => _setup.Encryptor.Encrypt(_text, Context);

    [Benchmark(Description = "IDataProtector.Protect")]
    public byte[] DataProtector() => _setup.Protector.Protect(_plaintext);
}
