namespace HrPlus.Privacy;

/// <summary>What was wrong at the first broken link of a hash-chained log.</summary>
public enum ChainBreak
{
    /// <summary>Nothing: the chain verifies.</summary>
    None = 0,

    /// <summary>An entry's content does not match its hash: it was edited.</summary>
    Edited = 1,

    /// <summary>A position is missing: an entry was deleted (or the numbering was changed).</summary>
    Missing = 2,

    /// <summary>An entry does not follow its predecessor: entries were swapped, reordered or inserted.</summary>
    Relinked = 3,

    /// <summary>The log ends before the position a signed checkpoint vouches for: its newest entries were cut off.</summary>
    Truncated = 4,

    /// <summary>The entry at a signed checkpoint's position is not the one it vouches for: the log was rewritten.</summary>
    Rewritten = 5,

    /// <summary>The checkpoint's signature does not verify: it was forged, altered, or signed under another key.</summary>
    CheckpointInvalid = 6,

    /// <summary>
    /// Two validly signed checkpoints of the same size have different roots: the signer itself signed two histories
    /// (reported by <see cref="Audit.EvidenceVerifier"/>).
    /// </summary>
    Inconsistent = 7,
}

/// <summary>The result of verifying a hash-chained log from its first entry to its last.</summary>
public sealed class ChainVerificationResult
{
    private ChainVerificationResult(long count, long? position, ChainBreak kind, string? headHash)
    {
        EntryCount = count;
        FirstBrokenPosition = position;
        Break = kind;
        HeadHash = headHash;
    }

    /// <summary>Gets whether every link verified.</summary>
    public bool IsIntact => Break == ChainBreak.None;

    /// <summary>Gets how many entries were read.</summary>
    public long EntryCount { get; }

    /// <summary>Gets the position (sequence number) of the first broken link, or null when intact.</summary>
    public long? FirstBrokenPosition { get; }

    /// <summary>Gets what was wrong there.</summary>
    public ChainBreak Break { get; }

    /// <summary>Gets the hash of the last entry when intact (null for an empty log or a broken one).</summary>
    /// <remarks>Keep it outside the database to detect later truncation of the tail, which no chain can show by itself.</remarks>
    public string? HeadHash { get; }

    /// <summary>An intact chain.</summary>
    public static ChainVerificationResult Intact(long count, string? headHash) => new(count, null, ChainBreak.None, headHash);

    /// <summary>A chain broken at <paramref name="position"/>.</summary>
    public static ChainVerificationResult Broken(long count, long position, ChainBreak kind) => new(count, position, kind, null);

    /// <summary>Gets a one-line summary without any content of the log.</summary>
    public override string ToString() => IsIntact
        ? $"Intact: {EntryCount} entries."
        : $"Broken at position {FirstBrokenPosition}: {Break} ({EntryCount} entries read).";
}
