using System.Security.Cryptography;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// The hash chain of the audit trail: <c>Hash = SHA-256("HrPlus.Privacy/audit-entry/v1" ‖ fields)</c> in the
/// canonical encoding of the consent ledger, covering the position and the previous hash.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Verifies entries read in position order and, when given, that the log still reaches the position a verified
    /// checkpoint vouches for with the same hash there.
    /// </summary>
    internal static async ValueTask<ChainVerificationResult> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, AuditCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        long count = 0;
        var previousHash = GenesisHash;
        // A checkpoint of the empty trail vouches for position 0, whose "hash" is the genesis value.
        var hashAtCheckpoint = checkpoint is { Sequence: 0 } ? GenesisHash : null;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var expected = ++count;
            if (entry.Sequence != expected)
            {
                return ChainVerificationResult.Broken(count, expected, entry.Sequence > expected ? ChainBreak.Missing : ChainBreak.Relinked);
            }

            if (!ChainHashing.FixedTimeEquals(entry.PreviousHash, previousHash))
            {
                return ChainVerificationResult.Broken(count, expected, ChainBreak.Relinked);
            }

            if (!ChainHashing.FixedTimeEquals(ComputeHash(entry), entry.Hash))
            {
                return ChainVerificationResult.Broken(count, expected, ChainBreak.Edited);
            }

            if (checkpoint is not null && entry.Sequence == checkpoint.Sequence)
            {
                hashAtCheckpoint = entry.Hash;
            }

            previousHash = entry.Hash;
        }

        if (checkpoint is not null)
        {
            if (count < checkpoint.Sequence)
            {
                return ChainVerificationResult.Broken(count, count + 1, ChainBreak.Truncated);
            }

            if (hashAtCheckpoint is null || !ChainHashing.FixedTimeEquals(hashAtCheckpoint, checkpoint.HeadHash))
            {
                return ChainVerificationResult.Broken(count, checkpoint.Sequence, ChainBreak.Rewritten);
            }
        }

        return ChainVerificationResult.Intact(count, count == 0 ? null : previousHash);
    }
}
