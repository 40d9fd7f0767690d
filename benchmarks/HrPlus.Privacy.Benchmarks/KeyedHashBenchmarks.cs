using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// A blind index and a pseudonym of a 12-character IIN through the span APIs, beside Microsoft's
/// <c>HmacRedactor</c> and one raw <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.
/// </summary>
[MemoryDiagnoser]
public class KeyedHashBenchmarks
{
    private const string Iin = "100412500013";
    private static readonly BlindIndex PupilIin = BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Iin, 32);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _iinBytes = "100412500013"u8.ToArray();
    private readonly byte[] _hash = new byte[32];
    private readonly byte[] _index = new byte[4];
    private readonly char[] _pseudonym = new char[Pseudonym.Length];
    private readonly char[] _redacted = new char[64];
    private EncryptionSetup _setup = null!;
    private IBlindIndexer _indexer = null!;
    private IPseudonymizer _pseudonymizer = null!;
    private Redactor _hmacRedactor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _setup = new EncryptionSetup();
        _indexer = _setup.Services.GetRequiredService<IBlindIndexer>();
        _pseudonymizer = _setup.Services.GetRequiredService<IPseudonymizer>();
#pragma warning disable EXTEXP0002 // HmacRedactor is marked experimental.
        _hmacRedactor = new HmacRedactor(Options.Create(new HmacRedactorOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), KeyId = 1 }));
#pragma warning restore EXTEXP0002
        _indexer.TryCompute(PupilIin, Iin, _index, out _);
        _pseudonymizer.TryPseudonymize(Iin, "analytics", _pseudonym, out _);
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true, Description = "HmacRedactor.Redact (span)")]
    public int HmacRedactor() => _hmacRedactor.Redact(Iin, _redacted);

    [Benchmark(Description = "HMACSHA256.HashData")]
    public int RawHmac() => HMACSHA256.HashData(_key, _iinBytes, _hash);

    private IncrementalHash _incremental = null!;

    [Benchmark(Description = "IncrementalHash HMAC, key set up once")]
    public int ReusedHmac()
    {
        _incremental ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        _incremental.AppendData(_iinBytes);
        return _incremental.GetHashAndReset(_hash);
    }

    [Benchmark(Description = "IBlindIndexer.TryCompute (IIN)")]
    public int BlindIndexOfIin() => _indexer.TryCompute(PupilIin, Iin, _index, out var written) ? written : -1;

    [Benchmark(Description = "IPseudonymizer.TryPseudonymize (IIN)")]
    public int PseudonymOfIin() => _pseudonymizer.TryPseudonymize(Iin, "analytics", _pseudonym, out var written) ? written : -1;
}
