namespace HrPlus.Privacy.Audit;

/// <summary>
/// The one hash-chain component of the consent ledger and the audit trail: how an entry is linked and hashed is each
/// log's own (<see cref="HashChainLinks{T}"/>); verification, and verification against a signed checkpoint, are here.
/// </summary>
internal static class HashChain
{
    /// <summary>The previous hash of a log's first entry, and the head of an empty log: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>
    /// Verifies entries read in position order: positions 1, 2, 3… without gaps, each linked to its predecessor's hash
    /// and matching its own; when <paramref name="checkpointSequence"/> is given, that the log still reaches that
    /// position with <paramref name="checkpointHead"/> there (position 0 vouches for the empty log: the genesis hash).
    /// </summary>
    public static async ValueTask<ChainVerificationResult> VerifyAsync<T>(
        IAsyncEnumerable<T> entries, HashChainLinks<T> links, long? checkpointSequence, string? checkpointHead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long count = 0;
        var previousHash = GenesisHash;
        var hashAtCheckpoint = checkpointSequence == 0 ? GenesisHash : null;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var expected = ++count;
            var sequence = links.Sequence(entry);
            if (sequence != expected)
            {
                return ChainVerificationResult.Broken(count, expected, sequence > expected ? ChainBreak.Missing : ChainBreak.Relinked);
            }

            if (!ChainHashing.FixedTimeEquals(links.PreviousHash(entry), previousHash))
            {
                return ChainVerificationResult.Broken(count, expected, ChainBreak.Relinked);
            }

            var hash = links.Hash(entry);
            if (!ChainHashing.FixedTimeEquals(links.ComputeHash(entry), hash))
            {
                return ChainVerificationResult.Broken(count, expected, ChainBreak.Edited);
            }

            if (sequence == checkpointSequence)
            {
                hashAtCheckpoint = hash;
            }

            previousHash = hash;
        }

        if (checkpointSequence is { } vouched)
        {
            if (count < vouched)
            {
                return ChainVerificationResult.Broken(count, count + 1, ChainBreak.Truncated);
            }

            if (hashAtCheckpoint is null || !ChainHashing.FixedTimeEquals(hashAtCheckpoint, checkpointHead ?? string.Empty))
            {
                return ChainVerificationResult.Broken(count, vouched, ChainBreak.Rewritten);
            }
        }

        return ChainVerificationResult.Intact(count, count == 0 ? null : previousHash);
    }
}

/// <summary>How one log's entries are read as links of a <see cref="HashChain"/>.</summary>
internal sealed record HashChainLinks<T>(Func<T, long> Sequence, Func<T, string> PreviousHash, Func<T, string> Hash, Func<T, string> ComputeHash);
