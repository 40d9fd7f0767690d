using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>An unwrapped key in memory. The key bytes live in a pinned array that is zeroed on disposal.</summary>
/// <remarks>
/// Teardown is safe by construction: the engine's key object is made once, here, from live bytes; engines make any
/// per-thread state only from their own copy and only while alive (see <see cref="PlatformAesGcmEngine"/>); and
/// <see cref="Dispose"/> marks the key disposed under <see cref="_gate"/> before it disposes the engine key and zeroes the
/// bytes. A caller that races with destruction gets <see langword="null"/> from <see cref="TryGetCipher"/> or an
/// <see cref="ObjectDisposedException"/> from the engine key disposed under it, and turns either into a retry or
/// <see cref="FieldDecryptionFailureReason.KeyDestroyed"/>. A call in flight when the key is disposed finishes with the real
/// key (native key state is reference-counted by its safe handle).
/// </remarks>
internal sealed class FieldKey : IDisposable
{
    private readonly byte[] _key;
    private readonly Lock _gate = new();
    private readonly AesGcmEngineKey? _cipher;
    private volatile bool _disposed;
    private long _encryptions;
    private long _reservedUpTo;

    /// <summary>Takes a copy of <paramref name="key"/>; the caller zeroes its own copy.</summary>
    public FieldKey(uint id, FieldKeyPurpose purpose, ReadOnlySpan<byte> key, long reservedEncryptions = long.MaxValue, AesGcmEngine? engine = null)
    {
        Id = id;
        Purpose = purpose;
        _key = GC.AllocateArray<byte>(key.Length, pinned: true);
        key.CopyTo(_key);
        _reservedUpTo = reservedEncryptions;
        if (purpose is FieldKeyPurpose.Encryption or FieldKeyPurpose.SubjectEncryption)
        {
            Engine = engine ?? AesGcmEngine.Default;
            _cipher = Engine.CreateKey(key);
        }
    }

    public uint Id { get; }

    public FieldKeyPurpose Purpose { get; }

    /// <summary>Gets the engine this key encrypts with (subjects' keys use the platform's), or null for keys that do not encrypt.</summary>
    public AesGcmEngine? Engine { get; }

    /// <summary>Gets whether the key was destroyed (or its ring disposed) in this process.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Gets the engine's key object, or null once the key is disposed (or for keys that do not encrypt).</summary>
    public AesGcmEngineKey? TryGetCipher() => _disposed ? null : _cipher;

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
    /// Takes the next encryption count under this key. The caller may encrypt only once the count is at most
    /// <see cref="ReservedUpTo"/>; a higher count waits for the next reservation, which starts above every count taken.
    /// </summary>
    public long CountEncryption() => Interlocked.Increment(ref _encryptions);

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
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _cipher?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
