using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// Decrypting one field: the SDK's span and string APIs beside one raw <see cref="AesGcm"/> decrypt call and
/// <see cref="Microsoft.AspNetCore.DataProtection.IDataProtector.Unprotect(byte[])"/>.
/// </summary>
[MemoryDiagnoser]
public class DecryptBenchmarks
{
    private static readonly FieldContext Context = FieldContext.For("Student", "Iin");

    // Header (5 bytes) + length-prefixed "Student" and "Iin" + no-row marker: what the SDK authenticates.
    private readonly byte[] _associatedData = new byte[20];
    private EncryptionSetup _setup = null!;
    private EncryptionSetup _platform = null!;
    private AesGcm _aes = null!;
    private byte[] _rawCiphertext = null!;
    private byte[] _rawTag = null!;
    private byte[] _rawCiphertextWithAd = null!;
    private byte[] _rawTagWithAd = null!;
    private byte[] _nonce = null!;
    private byte[] _fieldCiphertext = null!;
    private byte[] _platformCiphertext = null!;
    private byte[] _plaintext = null!;
    private string _fieldText = null!;
    private byte[] _protected = null!;

    [Params(12, 64, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new EncryptionSetup(FieldEncryptionEngine.Libsodium);
        _platform = new EncryptionSetup(FieldEncryptionEngine.Platform);
        var text = EncryptionSetup.Text(Size);
        var plaintext = Encoding.UTF8.GetBytes(text);
        _plaintext = new byte[plaintext.Length];
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _nonce = new byte[12];
        _rawCiphertext = new byte[plaintext.Length];
        _rawTag = new byte[16];
        _aes.Encrypt(_nonce, plaintext, _rawCiphertext, _rawTag);
        _rawCiphertextWithAd = new byte[plaintext.Length];
        _rawTagWithAd = new byte[16];
        _aes.Encrypt(_nonce, plaintext, _rawCiphertextWithAd, _rawTagWithAd, _associatedData);
        _fieldCiphertext = new byte[FieldCiphertext.GetCiphertextLength(plaintext.Length)];
        _setup.Encryptor.Encrypt(plaintext, _fieldCiphertext, Context);
        _platformCiphertext = new byte[_fieldCiphertext.Length];
        _platform.Encryptor.Encrypt(plaintext, _platformCiphertext, Context);
        _fieldText = _setup.Encryptor.Encrypt(text, Context);
        _protected = _setup.Protector.Protect(plaintext);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _setup.Dispose();
        _platform.Dispose();
    }

    [Benchmark(Description = "raw AesGcm.Decrypt")]
    public byte RawAesGcm()
    {
        _aes.Decrypt(_nonce, _rawCiphertext, _rawTag, _plaintext);
        return _plaintext[0];
    }

    /// <summary>The same raw call with the 20 bytes of associated data the SDK binds for <c>Student.Iin</c>.</summary>
    [Benchmark(Baseline = true, Description = "raw AesGcm.Decrypt + 20 B AD")]
    public byte RawAesGcmWithAssociatedData()
    {
        _aes.Decrypt(_nonce, _rawCiphertextWithAd, _rawTagWithAd, _plaintext, _associatedData);
        return _plaintext[0];
    }

    [Benchmark(Description = "IFieldEncryptor span, libsodium")]
    public int FieldSpan() => _setup.Encryptor.Decrypt(_fieldCiphertext, _plaintext, Context);

    // Same bytes under either engine, but each setup has keys of its own: the platform setup decrypts its own ciphertext.
    [Benchmark(Description = "IFieldEncryptor span, platform")]
    public int FieldSpanPlatform() => _platform.Encryptor.Decrypt(_platformCiphertext, _plaintext, Context);

    [Benchmark(Description = "IFieldEncryptor string, libsodium")]
    public string FieldString() => _setup.Encryptor.Decrypt(_fieldText, Context);

    [Benchmark(Description = "IDataProtector.Unprotect")]
    public byte[] DataProtector() => _setup.Protector.Unprotect(_protected);
}
