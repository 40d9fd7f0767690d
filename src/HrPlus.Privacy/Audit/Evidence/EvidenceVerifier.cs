using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// An auditor's verification of a whole history, offline: a log (read from its store, or from an export file written by
/// <see cref="LogExport"/>), every checkpoint kept of it (the lines of a <c>.sth</c> file) and the published public keys.
/// No database, no service provider, no secret.
/// </summary>
/// <remarks>
/// <para>
/// Every checkpoint's signature is verified under the public keys (and that it names this log); checkpoints are taken in
/// order of tree size, and two of one size must have one root; the log is read once and its Merkle tree root at every
/// checkpoint's size must be that checkpoint's root. Since every root is recomputed from one sequence of leaves, matching
/// two consecutive checkpoints proves the later extends the earlier (the log is its own consistency proof). Finally the
/// log's chain must be intact past the latest checkpoint to its end.
/// </para>
/// <para>
/// The first break, in order of tree size, is reported (<see cref="EvidenceVerificationResult"/>): which checkpoint, and
/// which position. Thread-safe; allocates O(log n) for the tree and nothing per entry beyond the entry's hash.
/// </para>
/// </remarks>
public static class EvidenceVerifier
{
    /// <summary>Verifies the audit trail <paramref name="entries"/> (in position order) against <paramref name="checkpoints"/>.</summary>
    /// <param name="entries">The whole trail, from position 1, e.g. <see cref="IAuditStore.ReadAllAsync"/> or <see cref="LogExport.ReadAuditTrailAsync"/>.</param>
    /// <param name="checkpoints">Every checkpoint kept of it, in the order kept (e.g. <see cref="SignedTreeHead.ParseLines"/> of <c>audit-trail.sth</c>).</param>
    /// <param name="publicKeys">The published public keys (<see cref="CheckpointPublicKey.ParseSet"/> of <c>GET {prefix}/evidence/keys</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LogExportException">An export being read is malformed.</exception>
    public static ValueTask<EvidenceVerificationResult> VerifyAuditTrailAsync(
        IAsyncEnumerable<AuditEntry> entries, IEnumerable<SignedTreeHead> checkpoints, IEnumerable<CheckpointPublicKey> publicKeys, CancellationToken cancellationToken = default) =>
        VerifyAsync(HashChainedLog.AuditTrail, entries, AuditChain.Links, checkpoints, publicKeys, cancellationToken);

    /// <summary>Verifies the consent ledger <paramref name="entries"/> (in position order) against <paramref name="checkpoints"/>.</summary>
    /// <param name="entries">The whole ledger, from position 1, e.g. <see cref="IConsentLedgerStore.ReadAllAsync"/> or <see cref="LogExport.ReadConsentLedgerAsync"/>.</param>
    /// <param name="checkpoints">Every checkpoint kept of it, in the order kept (e.g. <see cref="SignedTreeHead.ParseLines"/> of <c>consent-ledger.sth</c>).</param>
    /// <param name="publicKeys">The published public keys.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LogExportException">An export being read is malformed.</exception>
    public static ValueTask<EvidenceVerificationResult> VerifyConsentLedgerAsync(
        IAsyncEnumerable<ConsentEvent> entries, IEnumerable<SignedTreeHead> checkpoints, IEnumerable<CheckpointPublicKey> publicKeys, CancellationToken cancellationToken = default) =>
        VerifyAsync(HashChainedLog.ConsentLedger, entries, ConsentChain.Links, checkpoints, publicKeys, cancellationToken);

    /// <summary>Verifies an export file (<see cref="LogExport"/>) of either log against <paramref name="checkpoints"/>; the file's header names the log.</summary>
    /// <param name="export">The export, read from its start.</param>
    /// <param name="checkpoints">Every checkpoint kept of that log, in the order kept.</param>
    /// <param name="publicKeys">The published public keys.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LogExportException">The export is malformed (anywhere the verification reads it).</exception>
    public static async ValueTask<EvidenceVerificationResult> VerifyExportAsync(
        Stream export, IEnumerable<SignedTreeHead> checkpoints, IEnumerable<CheckpointPublicKey> publicKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        var reader = new LogExportReader(export);
        var log = await reader.ReadHeaderAsync(null, cancellationToken).ConfigureAwait(false);
        return log == HashChainedLog.AuditTrail
            ? await VerifyAuditTrailAsync(reader.ReadEntriesAsync<AuditEntry>(cancellationToken), checkpoints, publicKeys, cancellationToken).ConfigureAwait(false)
            : await VerifyConsentLedgerAsync(reader.ReadEntriesAsync<ConsentEvent>(cancellationToken), checkpoints, publicKeys, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<EvidenceVerificationResult> VerifyAsync<T>(
        HashChainedLog log, IAsyncEnumerable<T> entries, HashChainLinks<T> links, IEnumerable<SignedTreeHead> checkpoints, IEnumerable<CheckpointPublicKey> publicKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(publicKeys);
        var heads = checkpoints.ToList();
        if (heads.Contains(null!))
        {
            throw new ArgumentException("A checkpoint is null.", nameof(checkpoints));
        }

        var keys = publicKeys.Where(k => k is not null).ToList();

        // In order of size (stable): instances of a fleet may append their heads to one sink slightly out of order.
        var bySize = heads.Select((head, index) => (Head: head, Index: index)).OrderBy(h => h.Head.TreeSize).ThenBy(h => h.Index).ToList();
        var sizes = bySize.Select(h => h.Head.TreeSize).ToHashSet();
        var scan = await EvidenceScan.RunAsync(entries, links, sizes, 0, null, cancellationToken).ConfigureAwait(false);
        var chain = scan.Verification;
        long vouched = 0;
        SignedTreeHead? previous = null;
        foreach (var (head, index) in bySize)
        {
            EvidenceVerificationResult Broken(ChainBreak kind, long? position, bool exact) =>
                new(log, kind, chain.EntryCount, heads.Count, vouched, head, index, position, exact);

            if (head.Log != log || !SignedTreeHead.Verify(head, keys))
            {
                return Broken(ChainBreak.CheckpointInvalid, null, false);
            }

            if (previous is not null && previous.TreeSize == head.TreeSize && !head.RootEquals(previous.GetRootHash()))
            {
                return Broken(ChainBreak.Inconsistent, null, false);
            }

            if (!chain.IsIntact && chain.FirstBrokenPosition <= head.TreeSize)
            {
                return Broken(chain.Break, chain.FirstBrokenPosition, true);
            }

            if (chain.EntryCount < head.TreeSize)
            {
                // Whether the entries after the last vouched size are the signed ones cannot be told without a root there.
                return Broken(ChainBreak.Truncated, vouched + 1, chain.EntryCount == vouched);
            }

            if (!scan.Roots.TryGetValue(head.TreeSize, out var root) || !head.RootEquals(root))
            {
                return Broken(ChainBreak.Rewritten, vouched + 1, false);
            }

            vouched = head.TreeSize;
            previous = head;
        }

        return chain.IsIntact
            ? new(log, ChainBreak.None, chain.EntryCount, heads.Count, vouched, null, null, null, false)
            : new(log, chain.Break, chain.EntryCount, heads.Count, vouched, null, null, chain.FirstBrokenPosition, true);
    }
}
