using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>An unwrapped key in memory. The key bytes live in a pinned array that is zeroed on disposal.</summary>
/// <remarks>
/// Teardown is safe by construction: the per-thread <see cref="AesGcm"/> instances are made from the key bytes only under
/// <see cref="_gate"/> and only while the key is not disposed, and <see cref="Dispose"/> marks the key disposed under the
/// same lock before it disposes the ciphers and zeroes the bytes. So no cipher is ever made from zeroed bytes; a caller
/// that races with destruction gets <see langword="null"/> from <see cref="TryGetCipher"/> or an
/// <see cref="ObjectDisposedException"/> from a cipher disposed under it, and turns either into a retry or
/// <see cref="FieldDecryptionFailureReason.KeyDestroyed"/>. A cipher in the middle of a call when it is disposed finishes
/// that call with the real key (the native context is reference-counted by its safe handle).
/// </remarks>
internal sealed class FieldKey : IDisposable
{
    private readonly byte[] _key;
    private readonly Lock _gate = new();
    private readonly ThreadLocal<AesGcm?>? _aes;
    private readonly List<AesGcm>? _ciphers;
    private volatile bool _disposed;
    private long _encryptions;

    /// <summary>Takes a copy of <paramref name="key"/>; the caller zeroes its own copy.</summary>
    public FieldKey(uint id, FieldKeyPurpose purpose, ReadOnlySpan<byte> key, long reservedEncryptions = long.MaxValue)
    {
        Id = id;
        Purpose = purpose;
        _key = GC.AllocateArray<byte>(key.Length, pinned: true);
        key.CopyTo(_key);
        _reservedUpTo = reservedEncryptions;
        if (purpose is FieldKeyPurpose.Encryption or FieldKeyPurpose.SubjectEncryption)
        {
            // AesGcm instances are not thread-safe; one per thread keeps the hot path lock- and allocation-free.
            _ciphers = [];
            _aes = new ThreadLocal<AesGcm?>(CreateCipher);
        }
    }

    private long _reservedUpTo;

    public uint Id { get; }

    public FieldKeyPurpose Purpose { get; }

    /// <summary>Gets whether the key was destroyed (or its ring disposed) in this process.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Gets this thread's cipher, or null once the key is disposed.</summary>
    public AesGcm? TryGetCipher()
    {
        if (_disposed || _aes is null)
        {
            return null;
        }

        try
        {
            return _aes.Value;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Derives key material from this key with HKDF-SHA256 (root secrets of keyed hashes), or returns false once the key is
    /// disposed, so nothing is ever derived from zeroed bytes.
    /// </summary>
    public bool TryDerive(ReadOnlySpan<byte> info, Span<byte> output)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, output, [], info);
            return true;
        }
    }

    /// <summary>Copies the key bytes out (to rewrap them), or returns false once the key is disposed. The caller zeroes the copy.</summary>
    public bool TryExport(out byte[] material)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                material = [];
                return false;
            }

            material = GC.AllocateArray<byte>(_key.Length, pinned: true);
            _key.CopyTo(material, 0);
            return true;
        }
    }

    /// <summary>
    /// Takes one encryption of this process's reservation and returns the new count, or -1 when the reservation is used up
    /// (the caller must not encrypt; the ring reserves more or rolls over).
    /// </summary>
    public long TryCountEncryption()
    {
        var count = Interlocked.Increment(ref _encryptions);
        return count <= Volatile.Read(ref _reservedUpTo) ? count : -1;
    }

    /// <summary>Gets how many encryptions this process has counted under the key (including refused ones).</summary>
    public long Encryptions => Volatile.Read(ref _encryptions);

    /// <summary>Gets the count up to which this process may encrypt under the key.</summary>
    public long ReservedUpTo => Volatile.Read(ref _reservedUpTo);

    /// <summary>Extends this process's reservation (after a successful reservation in the store).</summary>
    public void ExtendReservation(long upTo)
    {
        long seen;
        do
        {
            seen = Volatile.Read(ref _reservedUpTo);
            if (upTo <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _reservedUpTo, upTo, seen) != seen);
    }

    public void Dispose()
    {
        AesGcm[] ciphers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            ciphers = _ciphers is null ? [] : [.. _ciphers];
            _ciphers?.Clear();
        }

        foreach (var cipher in ciphers)
        {
            cipher.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
        _aes?.Dispose();
    }

    private AesGcm? CreateCipher()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            var cipher = new AesGcm(_key, FieldCiphertext.TagSize);
            _ciphers!.Add(cipher);
            return cipher;
        }
    }
}
