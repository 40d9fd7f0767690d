using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Inclusion proofs of consent events in the latest signed tree head of the ledger, for receipts. The tree of the
/// latest head is built once from one read of the ledger (and checked against the head's root and signature) and kept
/// until a newer head appears, so a proof afterwards costs O(log² n) hashes.
/// </summary>
internal sealed class EvidenceProofs(IHashChainCheckpoints checkpoints, Func<ISignedTreeHeadSink> treeHeads, TimeProvider time, IOptions<PrivacyOptions> options)
{
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private (string Head, MerkleTreeLevels Tree)? _cached;

    /// <summary>The proof of the event at <paramref name="position"/>, or the time the next checkpoint is due when none covers it yet.</summary>
    public async ValueTask<ReceiptEvidence> ForConsentEventAsync(long position, CancellationToken cancellationToken)
    {
        SignedTreeHead? head;
        try
        {
            head = await treeHeads().ReadLatestAsync(HashChainedLog.ConsentLedger, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // No place for checkpoints is configured (the job reports it every round): the receipt goes without evidence.
            return new ReceiptEvidence(null, 0, [], null);
        }

        if (head is null || position > head.TreeSize || position < 1)
        {
            var interval = options.Value.Audit.CheckpointInterval;
            var now = time.GetUtcNow();
            var due = head is null || head.Timestamp + interval < now ? now + interval : head.Timestamp + interval;
            return new ReceiptEvidence(null, 0, [], Timestamps.Normalize(due));
        }

        var tree = await TreeOfAsync(head, cancellationToken).ConfigureAwait(false);
        return tree is null
            ? new ReceiptEvidence(null, 0, [], null)
            : new ReceiptEvidence(head, position - 1, tree.InclusionProof(position - 1, head.TreeSize), null);
    }

    /// <summary>The tree of the latest head: from the cache, or built from one read checked against the head.</summary>
    private async ValueTask<MerkleTreeLevels?> TreeOfAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        var key = head.ToString();
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } cached && cached.Head == key)
            {
                return cached.Tree;
            }

            if (checkpoints is not HashChainCheckpoints own
                || !SignedTreeHead.Verify(head, await checkpoints.GetPublicKeysAsync(cancellationToken).ConfigureAwait(false)))
            {
                return null;
            }

            var scan = await own.ScanAsync(HashChainedLog.ConsentLedger, new HashSet<long>(), head.TreeSize, head.TreeSize, cancellationToken).ConfigureAwait(false);
            if (!scan.Verification.IsIntact || scan.Verification.EntryCount != head.TreeSize || scan.Leaves is null)
            {
                return null;
            }

            var tree = new MerkleTreeLevels(scan.Leaves);
            if (!head.RootEquals(tree.Root(head.TreeSize)))
            {
                // The ledger no longer has the tree the head signed: no proof is handed out; the job reports the rewrite.
                return null;
            }

            _cached = (key, tree);
            return tree;
        }
        finally
        {
            _mutex.Release();
        }
    }
}

/// <summary>What a receipt carries as evidence: a head and the inclusion proof in it, or when the next checkpoint is due.</summary>
internal sealed record ReceiptEvidence(SignedTreeHead? Head, long LeafIndex, IReadOnlyList<byte[]> Path, DateTimeOffset? NextCheckpointDue);
