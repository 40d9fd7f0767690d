using System.Security.Cryptography;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Verification of RFC 9162 Merkle proofs (sections 2.1.3.2 and 2.1.4.2): that a leaf is in a tree with a given root,
/// and that a tree extends an earlier one. Needs no store, no key and no service provider; hostile input (wrong
/// lengths, null nodes, sizes out of range) verifies as <see langword="false"/>, never as an exception.
/// </summary>
public static class MerkleProof
{
    /// <summary>Verifies that <paramref name="leafHash"/> is leaf <paramref name="leafIndex"/> (0-based) of the tree of <paramref name="treeSize"/> leaves with root <paramref name="rootHash"/>.</summary>
    /// <param name="leafHash">The leaf's hash (<see cref="MerkleTree.HashEntry"/> of the entry's chain hash).</param>
    /// <param name="leafIndex">The leaf's index: an entry's position minus one.</param>
    /// <param name="treeSize">The tree's size.</param>
    /// <param name="path">The audit path, from the leaf's sibling up to the root's child.</param>
    /// <param name="rootHash">The tree's root.</param>
    /// <returns>Whether the proof holds.</returns>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long leafIndex, long treeSize, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash.Length != MerkleTree.HashSize || rootHash.Length != MerkleTree.HashSize || !AllHashes(path))
        {
            return false;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        Span<byte> r = stackalloc byte[MerkleTree.HashSize];
        leafHash.CopyTo(r);
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleTree.HashChildren(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleTree.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, rootHash);
    }

    /// <summary>
    /// Verifies that the tree of <paramref name="secondSize"/> leaves with root <paramref name="secondRoot"/> extends the
    /// tree of <paramref name="firstSize"/> leaves with root <paramref name="firstRoot"/>: the first is a prefix of the second.
    /// </summary>
    /// <param name="firstSize">The earlier tree's size (0 ≤ first ≤ second).</param>
    /// <param name="firstRoot">The earlier tree's root.</param>
    /// <param name="secondSize">The later tree's size.</param>
    /// <param name="secondRoot">The later tree's root.</param>
    /// <param name="proof">The consistency proof: empty when the sizes are equal or the first tree is empty.</param>
    /// <returns>Whether the proof holds.</returns>
    public static bool VerifyConsistency(long firstSize, ReadOnlySpan<byte> firstRoot, long secondSize, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (firstSize < 0 || firstSize > secondSize || firstRoot.Length != MerkleTree.HashSize || secondRoot.Length != MerkleTree.HashSize || !AllHashes(proof))
        {
            return false;
        }

        if (firstSize == 0)
        {
            // Every tree extends the empty one, whose root is SHA-256 of nothing.
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(firstRoot, MerkleTree.EmptyRoot());
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(firstRoot, secondRoot);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var start = 0;
        Span<byte> fr = stackalloc byte[MerkleTree.HashSize];
        Span<byte> sr = stackalloc byte[MerkleTree.HashSize];
        if ((firstSize & (firstSize - 1)) == 0)
        {
            // The first tree is a perfect subtree of the second: its root is the proof's implicit first node.
            firstRoot.CopyTo(fr);
        }
        else
        {
            proof[0].CopyTo(fr);
            start = 1;
        }

        fr.CopyTo(sr);
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        for (var i = start; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleTree.HashChildren(c, fr, fr);
                MerkleTree.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleTree.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, firstRoot) & CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }

    private static bool AllHashes(IReadOnlyList<byte[]> nodes)
    {
        if (nodes.Count > 64)
        {
            return false;
        }

        foreach (var node in nodes)
        {
            if (node is not { Length: MerkleTree.HashSize })
            {
                return false;
            }
        }

        return true;
    }
}
