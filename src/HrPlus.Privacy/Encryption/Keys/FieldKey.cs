using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>An unwrapped key in memory. The key bytes live in a pinned array that is zeroed on disposal.</summary>
internal sealed class FieldKey : IDisposable
{
    private readonly byte[] _key;
    private readonly ThreadLocal<AesGcm>? _aes;
    private long _encryptions;
    private int _disposed;

    /// <summary>Takes a copy of <paramref name="key"/>; the caller zeroes its own copy.</summary>
    public FieldKey(uint id, FieldKeyPurpose purpose, ReadOnlySpan<byte> key)
    {
        Id = id;
        _key = GC.AllocateArray<byte>(key.Length, pinned: true);
        key.CopyTo(_key);
        if (purpose is FieldKeyPurpose.Encryption or FieldKeyPurpose.SubjectEncryption)
        {
            // AesGcm instances are not thread-safe; one per thread keeps the hot path lock- and allocation-free.
            _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_key, FieldCiphertext.TagSize), trackAllValues: true);
        }
    }

    public uint Id { get; }

    /// <summary>Gets the key bytes. Never copy them anywhere that outlives this object.</summary>
    public byte[] Material => _key;

    public AesGcm Aes => _aes!.Value!;

    /// <summary>Counts an encryption and returns the new count.</summary>
    public long CountEncryption() => Interlocked.Increment(ref _encryptions);

    public long Encryptions => Volatile.Read(ref _encryptions);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_key);
        if (_aes is not null)
        {
            foreach (var aes in _aes.Values)
            {
                aes.Dispose();
            }

            _aes.Dispose();
        }
    }
}
