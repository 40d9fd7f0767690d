
namespace HrPlus.Privacy.Audit;

/// <summary>
/// The hash chain of the audit trail: <c>Hash = SHA-256("HrPlus.Privacy/audit-entry/v1" ‖ fields)</c> in the
/// canonical encoding of the consent ledger, covering the position and the previous hash.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = HashChain.GenesisHash;

    private static readonly byte[] Domain = "HrPlus.Privacy/audit-entry/v1"u8.ToArray();

    /// <summary>Links <paramref name="pending"/> after the tail and computes its hash; call it while holding the trail's write lock.</summary>
    public static AuditEntry Seal(AuditEntry pending, long previousSequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentOutOfRangeException.ThrowIfNegative(previousSequence);
        var linked = pending with { Sequence = previousSequence + 1, PreviousHash = previousHash, Hash = string.Empty };
        return linked with { Hash = ComputeHash(linked) };
    }

    /// <summary>Computes an entry's hash from its content, position and previous hash.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = ChainHashBuilder.Rent();
        hash.AppendData(Domain);
        ChainHashing.Int64(hash, entry.Sequence);
        ChainHashing.Text(hash, entry.EntryId.ToString("D"));
        ChainHashing.Time(hash, entry.OccurredAt);
        ChainHashing.Int64(hash, (long)entry.Operation);
        ChainHashing.Text(hash, entry.Actor);
        ChainHashing.Text(hash, entry.SubjectId);
        ChainHashing.Text(hash, entry.Purpose);
        ChainHashing.Text(hash, entry.Target);
        ChainHashing.Text(hash, entry.Detail);
        ChainHashing.Text(hash, entry.PreviousHash);
        return hash.HashHex();
    }

    /// <summary>The audit trail's entries as links of the shared <see cref="HashChain"/>.</summary>
    internal static readonly HashChainLinks<AuditEntry> Links = new(e => e.Sequence, e => e.PreviousHash, e => e.Hash, ComputeHash);

    /// <summary>
    /// Verifies entries read in position order and, when given, that the log still reaches the position a verified
    /// checkpoint vouches for with the same hash there.
    /// </summary>
    internal static ValueTask<ChainVerificationResult> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, AuditCheckpoint? checkpoint, CancellationToken cancellationToken) =>
        HashChain.VerifyAsync(entries, Links, checkpoint?.Sequence, checkpoint?.HeadHash, cancellationToken);
}
