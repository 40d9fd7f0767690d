namespace HrPlus.Privacy.Audit;

/// <summary>
/// One read of a hash-chained log that both verifies it and computes its Merkle tree: the chain links and hashes
/// (<see cref="HashChain"/>'s rules), the root at each requested size, the final root, and (when asked) every leaf hash
/// for proofs. A checkpoint is only ever signed from such a read, so what is signed is what was verified.
/// </summary>
internal static class EvidenceScan
{
    /// <summary>Reads <paramref name="entries"/> once.</summary>
    /// <param name="entries">The log in position order.</param>
    /// <param name="links">How its entries link.</param>
    /// <param name="rootsAt">Sizes whose roots to keep (those of earlier checkpoints).</param>
    /// <param name="keepLeavesUpTo">Keep the leaf hashes of the first this many entries (0: none).</param>
    /// <param name="stopAfter">Read no further than this many entries (null: to the end).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<EvidenceScanResult> RunAsync<T>(
        IAsyncEnumerable<T> entries, HashChainLinks<T> links, IReadOnlySet<long> rootsAt, long keepLeavesUpTo, long? stopAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var accumulator = new MerkleAccumulator();
        var roots = new Dictionary<long, byte[]>();
        if (rootsAt.Contains(0))
        {
            roots[0] = MerkleTree.EmptyRoot();
        }

        using var leaves = keepLeavesUpTo > 0 ? new MemoryStream() : null;
        var leaf = new byte[MerkleTree.HashSize];
        var chainHash = new byte[MerkleTree.HashSize];
        long count = 0;
        var previousHash = HashChain.GenesisHash;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (count == stopAfter)
            {
                break;
            }

            var expected = ++count;
            var sequence = links.Sequence(entry);
            if (sequence != expected)
            {
                return Broken(count, expected, sequence > expected ? ChainBreak.Missing : ChainBreak.Relinked, roots);
            }

            if (!ChainHashing.FixedTimeEquals(links.PreviousHash(entry), previousHash))
            {
                return Broken(count, expected, ChainBreak.Relinked, roots);
            }

            var hash = links.Hash(entry);
            if (!ChainHashing.FixedTimeEquals(links.ComputeHash(entry), hash)
                || Convert.FromHexString(hash, chainHash, out _, out var written) != System.Buffers.OperationStatus.Done || written != MerkleTree.HashSize)
            {
                return Broken(count, expected, ChainBreak.Edited, roots);
            }

            MerkleTree.HashLeaf(chainHash, leaf);
            accumulator.Add(leaf);
            if (count <= keepLeavesUpTo)
            {
                leaves!.Write(leaf);
            }

            if (rootsAt.Contains(count))
            {
                roots[count] = accumulator.Root();
            }

            previousHash = hash;
        }

        return new EvidenceScanResult(
            ChainVerificationResult.Intact(count, count == 0 ? null : previousHash), accumulator.Root(), roots, leaves?.ToArray());
    }

    private static EvidenceScanResult Broken(long count, long position, ChainBreak kind, Dictionary<long, byte[]> roots) =>
        new(ChainVerificationResult.Broken(count, position, kind), null, roots, null);
}

/// <summary>What one <see cref="EvidenceScan"/> found.</summary>
/// <param name="Verification">The chain's verification.</param>
/// <param name="Root">The root over every entry read, or null when the chain is broken.</param>
/// <param name="Roots">The roots at the requested sizes that the read reached.</param>
/// <param name="Leaves">The kept leaf hashes, concatenated, or null.</param>
internal sealed record EvidenceScanResult(ChainVerificationResult Verification, byte[]? Root, IReadOnlyDictionary<long, byte[]> Roots, byte[]? Leaves);
