using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// An HMAC-SHA256 key derived once from a root secret, with one reusable HMAC state per thread: setting the key up
/// is two thirds of the cost of hashing a short value, so the hot path pays it once per thread, not per call.
/// </summary>
/// <remarks>
/// The per-thread states are never disposed eagerly (a thread may be hashing while the root rotates); they are
/// released when this object and its threads are collected, and the native HMAC context is freed then.
/// </remarks>
internal sealed class HmacKey
{
    private readonly byte[] _material;
    private readonly ThreadLocal<IncrementalHash> _states;

    /// <summary>Derives the key from <paramref name="root"/> with HKDF-SHA256 and <paramref name="info"/>.</summary>
    public HmacKey(RootSecret root, ReadOnlySpan<byte> info)
    {
        RootId = root.Id;
        _material = GC.AllocateArray<byte>(32, pinned: true);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, root.Key.Span, _material, [], info);
        _states = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _material));
    }

    /// <summary>Gets the id of the root secret this key was derived from.</summary>
    public uint RootId { get; }

    /// <summary>Writes HMAC-SHA256(key, <paramref name="data"/>) to <paramref name="hash"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var state = _states.Value!;
        state.AppendData(data);
        state.GetHashAndReset(hash);
    }
}
