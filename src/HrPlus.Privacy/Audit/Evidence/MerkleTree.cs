using System.Security.Cryptography;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// The Merkle tree hashing of RFC 9162 section 2.1 over a hash-chained log: a leaf is <c>SHA-256(0x00 ‖ data)</c>, an
/// inner node <c>SHA-256(0x01 ‖ left ‖ right)</c>, and a tree of <c>n</c> leaves splits at the largest power of two
/// smaller than <c>n</c>. The leaf data of an entry is its chain hash (32 bytes, the hex of <c>Hash</c> decoded).
/// </summary>
/// <remarks>Everything here is pure computation: no store, no key, no service provider.</remarks>
public static class MerkleTree
{
    /// <summary>The size of every hash in bytes (SHA-256).</summary>
    public const int HashSize = 32;

    /// <summary>Gets the root of the empty tree: <c>SHA-256("")</c>.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Computes the leaf hash of <paramref name="data"/>: <c>SHA-256(0x00 ‖ data)</c>.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        HashLeaf(data, hash);
        return hash;
    }

    /// <summary>Computes the leaf hash of <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize, nameof(destination));
        const int StackLimit = 256;
        var length = data.Length + 1;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : new byte[length];
        buffer[0] = 0x00;
        data.CopyTo(buffer[1..]);
        SHA256.HashData(buffer[..length], destination);
    }

    /// <summary>Computes an inner node's hash: <c>SHA-256(0x01 ‖ left ‖ right)</c>.</summary>
    /// <exception cref="ArgumentException">A child is not 32 bytes.</exception>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashChildren(left, right, hash);
        return hash;
    }

    /// <summary>Computes an inner node's hash into <paramref name="destination"/> (which may overlap either child).</summary>
    /// <exception cref="ArgumentException">A child is not 32 bytes or the destination is shorter.</exception>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Both children must be 32-byte hashes.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize, nameof(destination));
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>Computes the root (the Merkle tree hash) of the tree over <paramref name="leafHashes"/>, in order.</summary>
    /// <exception cref="ArgumentException">A leaf hash is null or not 32 bytes.</exception>
    public static byte[] ComputeRoot(IEnumerable<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var accumulator = new MerkleAccumulator();
        foreach (var leaf in leafHashes)
        {
            if (leaf is not { Length: HashSize })
            {
                throw new ArgumentException("Every leaf hash must be 32 bytes.", nameof(leafHashes));
            }

            accumulator.Add(leaf);
        }

        return accumulator.Root();
    }

    /// <summary>The leaf hash of a log entry: the leaf hash of its chain hash's 32 bytes.</summary>
    /// <exception cref="FormatException"><paramref name="chainHashHex"/> is not 64 hex digits.</exception>
    public static byte[] HashEntry(string chainHashHex)
    {
        ArgumentNullException.ThrowIfNull(chainHashHex);
        Span<byte> data = stackalloc byte[HashSize];
        if (chainHashHex.Length != 2 * HashSize || Convert.FromHexString(chainHashHex, data, out _, out var written) != System.Buffers.OperationStatus.Done || written != HashSize)
        {
            throw new FormatException("A chain hash is 64 hex digits.");
        }

        return HashLeaf(data);
    }

    /// <summary>Gets the largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree of n leaves.</summary>
    internal static long Split(long n) => 1L << (int)(63 - long.LeadingZeroCount(n - 1));
}
