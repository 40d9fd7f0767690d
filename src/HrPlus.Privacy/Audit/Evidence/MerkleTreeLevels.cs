namespace HrPlus.Privacy.Audit;

/// <summary>
/// A whole Merkle tree kept in memory (every perfect subtree's root, level by level: about 64 bytes per leaf) so that
/// roots of any prefix and the RFC 9162 inclusion and consistency proofs (sections 2.1.3.1 and 2.1.4.1) cost O(log² n)
/// hashes at most.
/// </summary>
internal sealed class MerkleTreeLevels
{
    private readonly List<byte[]> _levels = [];

    /// <summary>Builds the tree over <paramref name="leafHashes"/> (32 bytes each, concatenated).</summary>
    public MerkleTreeLevels(byte[] leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Length % MerkleTree.HashSize != 0)
        {
            throw new ArgumentException("Leaf hashes are 32 bytes each.", nameof(leafHashes));
        }

        Size = leafHashes.Length / MerkleTree.HashSize;
        _levels.Add(leafHashes);
        for (var below = leafHashes; below.Length >= 2 * MerkleTree.HashSize;)
        {
            var count = below.Length / MerkleTree.HashSize / 2;
            var level = new byte[count * MerkleTree.HashSize];
            for (var i = 0; i < count; i++)
            {
                MerkleTree.HashChildren(
                    below.AsSpan(2 * i * MerkleTree.HashSize, MerkleTree.HashSize),
                    below.AsSpan(((2 * i) + 1) * MerkleTree.HashSize, MerkleTree.HashSize),
                    level.AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize));
            }

            _levels.Add(level);
            below = level;
        }
    }

    /// <summary>Gets the number of leaves.</summary>
    public long Size { get; }

    /// <summary>Gets the leaf hash at <paramref name="index"/>.</summary>
    public byte[] Leaf(long index) => Node(0, index);

    /// <summary>Gets the root of the tree over the first <paramref name="size"/> leaves.</summary>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        return size == 0 ? MerkleTree.EmptyRoot() : Subtree(0, size);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        long start = 0;
        var count = size;
        var m = index;
        while (count > 1)
        {
            var k = MerkleTree.Split(count);
            if (m < k)
            {
                path.Add(Subtree(start + k, count - k));
                count = k;
            }
            else
            {
                path.Add(Subtree(start, k));
                start += k;
                count -= k;
                m -= k;
            }
        }

        path.Reverse();
        return path;
    }

    /// <summary>The proof that the tree of the first <paramref name="size"/> leaves extends the tree of the first <paramref name="first"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long first, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, size);
        var proof = new List<byte[]>();
        if (first == 0 || first == size)
        {
            return proof;
        }

        long start = 0;
        var count = size;
        var m = first;
        var whole = true;
        while (m != count)
        {
            var k = MerkleTree.Split(count);
            if (m <= k)
            {
                proof.Add(Subtree(start + k, count - k));
                count = k;
            }
            else
            {
                proof.Add(Subtree(start, k));
                start += k;
                count -= k;
                m -= k;
                whole = false;
            }
        }

        if (!whole)
        {
            proof.Add(Subtree(start, m));
        }

        proof.Reverse();
        return proof;
    }

    private byte[] Subtree(long start, long count)
    {
        if ((count & (count - 1)) == 0)
        {
            var level = long.TrailingZeroCount(count);
            return Node((int)level, start >> (int)level);
        }

        var k = MerkleTree.Split(count);
        return MerkleTree.HashChildren(Subtree(start, k), Subtree(start + k, count - k));
    }

    private byte[] Node(int level, long index) =>
        _levels[level].AsSpan(checked((int)(index * MerkleTree.HashSize)), MerkleTree.HashSize).ToArray();
}
