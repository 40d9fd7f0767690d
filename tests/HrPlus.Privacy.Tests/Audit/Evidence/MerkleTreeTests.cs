using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Tests.Audit.Evidence;

/// <summary>RFC 9162 Merkle trees: known answers, a second implementation, and proof properties over random trees.</summary>
public sealed class MerkleTreeTests
{
    // The leaf inputs of the Certificate Transparency reference tests (RFC 6962/9162 hashing), and the roots of their
    // first 1..8 leaves.
    private static readonly byte[][] CtLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] CtRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void EmptyRoot_IsSha256OfNothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.EmptyRoot()));
        Assert.Equal(MerkleTree.EmptyRoot(), MerkleTree.ComputeRoot([]));
    }

    [Fact]
    public void ComputeRoot_CertificateTransparencyVectors_MatchForEveryPrefix()
    {
        for (var n = 1; n <= CtLeaves.Length; n++)
        {
            var leaves = CtLeaves.Take(n).Select(l => MerkleTree.HashLeaf(l)).ToList();

            Assert.Equal(CtRoots[n - 1], Convert.ToHexStringLower(MerkleTree.ComputeRoot(leaves)));
            Assert.Equal(CtRoots[n - 1], Convert.ToHexStringLower(Rfc9162Reference.Mth(CtLeaves.Take(n).ToList())));
        }
    }

    [Fact]
    public void ThreeLeaves_WorkedByHand_SplitAtTwo()
    {
        // MTH(d0,d1,d2) = H(0x01 ‖ H(0x01 ‖ H(0x00‖d0) ‖ H(0x00‖d1)) ‖ H(0x00‖d2)): the split is at 2, the largest power of two < 3.
        byte[][] d = [[1], [2], [3]];
        var l = d.Select(x => SHA256.HashData([0x00, .. x])).ToArray();
        var expected = SHA256.HashData([0x01, .. SHA256.HashData([0x01, .. l[0], .. l[1]]), .. l[2]]);
        var tree = new MerkleTreeLevels([.. l.SelectMany(x => x)]);

        Assert.Equal(expected, MerkleTree.ComputeRoot(d.Select(x => MerkleTree.HashLeaf(x))));
        Assert.Equal(expected, tree.Root(3));

        // The audit path of d2 is the root of the left subtree; of d0, d1's leaf then d2's leaf.
        Assert.Equal([SHA256.HashData([0x01, .. l[0], .. l[1]])], tree.InclusionProof(2, 3));
        Assert.Equal([l[1], l[2]], tree.InclusionProof(0, 3));

        // Consistency 2 -> 3: the first tree is a perfect subtree, so the proof is only d2's leaf.
        Assert.Equal([l[2]], tree.ConsistencyProof(2, 3));
        Assert.True(MerkleProof.VerifyConsistency(2, SHA256.HashData([0x01, .. l[0], .. l[1]]), 3, expected, [l[2]]));
    }

    [Fact]
    public void Proofs_MatchTheReferenceImplementation_ForEveryIndexAndSize_UpTo40()
    {
        var data = Enumerable.Range(0, 40).Select(i => new[] { (byte)i, (byte)(i * 7) }).ToList();
        var tree = new MerkleTreeLevels([.. data.SelectMany(d => MerkleTree.HashLeaf(d))]);
        for (var n = 1; n <= data.Count; n++)
        {
            var prefix = data.Take(n).ToList();
            Assert.Equal(Rfc9162Reference.Mth(prefix), tree.Root(n));
            for (var m = 0; m < n; m++)
            {
                Assert.Equal(Rfc9162Reference.Path(m, prefix), tree.InclusionProof(m, n));
                Assert.Equal(Rfc9162Reference.Proof(m + 1, prefix), tree.ConsistencyProof(m + 1, n));
            }
        }
    }

    [Property(MaxTest = 40)]
    public Property EveryInclusionProof_OfEveryLeaf_Verifies_AndAnyBitFlipFails(int seed)
    {
        var (tree, size) = RandomTree(seed, 2000);
        var random = new Random(seed);
        var root = tree.Root(size);
        for (var i = 0L; i < size; i++)
        {
            var path = tree.InclusionProof(i, size);
            if (!MerkleProof.VerifyInclusion(tree.Leaf(i), i, size, path, root))
            {
                return false.Label($"leaf {i} of {size}");
            }
        }

        if (size == 0)
        {
            return true.ToProperty();
        }

        var index = random.NextInt64(size);
        var proof = tree.InclusionProof(index, size).Select(p => p.ToArray()).ToList();
        var leaf = tree.Leaf(index);
        var flippedLeaf = Flip(leaf, random);
        var flippedRoot = Flip(root, random);
        var flippedProof = proof.Count == 0 ? null : proof.Select(p => p.ToArray()).ToList();
        if (flippedProof is not null)
        {
            var at = random.Next(flippedProof.Count);
            flippedProof[at] = Flip(flippedProof[at], random);
        }

        return (!MerkleProof.VerifyInclusion(flippedLeaf, index, size, proof, root)
            && !MerkleProof.VerifyInclusion(leaf, index, size, proof, flippedRoot)
            && (flippedProof is null || !MerkleProof.VerifyInclusion(leaf, index, size, flippedProof, root))
            && (size == 1 || !MerkleProof.VerifyInclusion(leaf, (index + 1) % size, size, proof, root))).Label($"tampered proof of {index} in {size}");
    }

    [Property(MaxTest = 25)]
    public Property EveryConsistencyProof_BetweenSizes_Verifies_AndAnyBitFlipFails(int seed)
    {
        var (tree, size) = RandomTree(seed, 2000);
        var random = new Random(seed ^ 0x5a5a);
        var root = tree.Root(size);
        for (var m = 0L; m <= size; m++)
        {
            if (!MerkleProof.VerifyConsistency(m, tree.Root(m), size, root, tree.ConsistencyProof(m, size)))
            {
                return false.Label($"{m} -> {size}");
            }
        }

        if (size < 2)
        {
            return true.ToProperty();
        }

        var first = 1 + random.NextInt64(size - 1);
        var proof = tree.ConsistencyProof(first, size).ToList();
        var firstRoot = tree.Root(first);
        var flipped = proof.Select(p => p.ToArray()).ToList();
        var at = random.Next(flipped.Count);
        flipped[at] = Flip(flipped[at], random);
        return (!MerkleProof.VerifyConsistency(first, Flip(firstRoot, random), size, root, proof)
            && !MerkleProof.VerifyConsistency(first, firstRoot, size, Flip(root, random), proof)
            && !MerkleProof.VerifyConsistency(first, firstRoot, size, root, flipped)
            && !MerkleProof.VerifyConsistency(first, firstRoot, size, root, proof.Take(proof.Count - 1).ToList())).Label($"tampered {first} -> {size}");
    }

    [Fact]
    public void Verify_HostileInput_IsFalse_NeverAnException()
    {
        var tree = new MerkleTreeLevels([.. Enumerable.Range(0, 5).SelectMany(i => MerkleTree.HashLeaf([(byte)i]))]);
        var root = tree.Root(5);
        var path = tree.InclusionProof(1, 5);

        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), -1, 5, path, root));
        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), 5, 5, path, root));
        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), 1, 5, [.. path, null!], root));
        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), 1, 5, [new byte[31], .. path.Skip(1)], root));
        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), 1, 5, path, root.AsSpan(1)));
        Assert.False(MerkleProof.VerifyInclusion(tree.Leaf(1), 1, long.MaxValue, path, root));
        Assert.False(MerkleProof.VerifyConsistency(6, root, 5, root, []));
        Assert.False(MerkleProof.VerifyConsistency(-1, root, 5, root, []));
        Assert.False(MerkleProof.VerifyConsistency(3, tree.Root(3), 5, root, []));
        Assert.False(MerkleProof.VerifyConsistency(0, root, 5, root, []));
        Assert.True(MerkleProof.VerifyConsistency(0, MerkleTree.EmptyRoot(), 5, root, []));
        Assert.True(MerkleProof.VerifyConsistency(5, root, 5, root, []));
        Assert.Throws<FormatException>(() => MerkleTree.HashEntry("not hex"));
    }

    private static (MerkleTreeLevels Tree, long Size) RandomTree(int seed, int maxSize)
    {
        var random = new Random(seed);
        var size = random.Next(maxSize + 1);
        var leaves = new byte[size * MerkleTree.HashSize];
        random.NextBytes(leaves);
        return (new MerkleTreeLevels(leaves), size);
    }

    private static byte[] Flip(byte[] value, Random random)
    {
        var copy = value.ToArray();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}
