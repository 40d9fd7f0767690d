using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// An HMAC-SHA256 key derived once from a root secret, with one reusable HMAC state per thread: setting the key up
/// is two thirds of the cost of hashing a short value, so the hot path pays it once per thread, not per call.
/// </summary>
/// <remarks>
/// The derived key is zeroed and the per-thread states are disposed when the root it came from is destroyed
/// (<see cref="RootSecret"/> disposes what was derived from it). States are made only under <see cref="_gate"/> while the key
/// is alive, so none is ever keyed with zeroed bytes.
/// </remarks>
internal sealed class HmacKey : IDisposable
{
    private readonly byte[] _material;
    private readonly Lock _gate = new();
    private readonly List<IncrementalHash> _created = [];
    private readonly ThreadLocal<IncrementalHash?> _states;
    private volatile bool _disposed;

    /// <summary>Derives the key from <paramref name="root"/> with HKDF-SHA256 and <paramref name="info"/>.</summary>
    /// <exception cref="InvalidOperationException">The root is destroyed.</exception>
    public HmacKey(RootSecret root, ReadOnlySpan<byte> info)
    {
        Root = root;
        _material = GC.AllocateArray<byte>(32, pinned: true);
        root.Derive(info, _material);
        _states = new ThreadLocal<IncrementalHash?>(CreateState);
        root.Track(this);
    }

    /// <summary>Gets the root secret this key was derived from.</summary>
    public RootSecret Root { get; }

    /// <summary>Gets the id of the root secret this key was derived from.</summary>
    public uint RootId => Root.Id;

    /// <summary>Gets whether this key can no longer hash (its root was destroyed or its ring disposed).</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Writes HMAC-SHA256(key, <paramref name="data"/>) to <paramref name="hash"/> (32 bytes).</summary>
    /// <exception cref="InvalidOperationException">The root of this key was destroyed.</exception>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        try
        {
            var state = _disposed ? null : _states.Value;
            if (state is not null)
            {
                state.AppendData(data);
                state.GetHashAndReset(hash);
                return;
            }
        }
        catch (ObjectDisposedException)
        {
        }

        throw new InvalidOperationException($"The root secret {FieldDecryptionException.FormatKeyId(RootId)} was destroyed; keyed hashes under it can no longer be computed.");
    }

    public void Dispose()
    {
        IncrementalHash[] states;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            states = [.. _created];
            _created.Clear();
        }

        foreach (var state in states)
        {
            state.Dispose();
        }

        CryptographicOperations.ZeroMemory(_material);
        _states.Dispose();
    }

    private IncrementalHash? CreateState()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            var state = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _material);
            _created.Add(state);
            return state;
        }
    }
}
