using System.Globalization;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// What <see cref="EvidenceVerifier"/> found in a whole history: intact, or the first break, naming the checkpoint where
/// it shows and the position in the log. Carries no content of the log.
/// </summary>
public sealed class EvidenceVerificationResult
{
    internal EvidenceVerificationResult(
        HashChainedLog log, ChainBreak kind, long entryCount, int checkpointCount, long vouchedUpTo, SignedTreeHead? checkpoint, int? checkpointIndex, long? position, bool exact)
    {
        Log = log;
        Break = kind;
        EntryCount = entryCount;
        CheckpointCount = checkpointCount;
        VouchedUpTo = vouchedUpTo;
        Checkpoint = checkpoint;
        CheckpointIndex = checkpointIndex;
        FirstBrokenPosition = position;
        IsPositionExact = exact;
    }

    /// <summary>Gets the log that was verified.</summary>
    public HashChainedLog Log { get; }

    /// <summary>Gets whether every checkpoint verified, the log extends every one of them, and its chain is intact to its end.</summary>
    public bool IsIntact => Break == ChainBreak.None;

    /// <summary>Gets what was wrong at the first break (<see cref="ChainBreak.None"/> when intact).</summary>
    /// <remarks>
    /// <see cref="ChainBreak.Edited"/>, <see cref="ChainBreak.Missing"/>, <see cref="ChainBreak.Relinked"/>: the log's own
    /// chain is broken. <see cref="ChainBreak.Truncated"/>: the log ends before a checkpoint's size.
    /// <see cref="ChainBreak.Rewritten"/>: the log's tree at a checkpoint's size has another root (a history rewritten
    /// with recomputed hashes). <see cref="ChainBreak.CheckpointInvalid"/>: a checkpoint's signature does not verify under
    /// the public keys, or it is a checkpoint of the other log. <see cref="ChainBreak.Inconsistent"/>: two signed
    /// checkpoints of one size disagree.
    /// </remarks>
    public ChainBreak Break { get; }

    /// <summary>Gets how many entries of the log were read (up to and including a broken one).</summary>
    public long EntryCount { get; }

    /// <summary>Gets how many checkpoints were given.</summary>
    public int CheckpointCount { get; }

    /// <summary>
    /// Gets the size of the largest checkpoint the log was proven to match before the break (all of them when intact; 0 when
    /// none): positions 1 to this are exactly what was signed.
    /// </summary>
    public long VouchedUpTo { get; }

    /// <summary>Gets the checkpoint where the break shows, or null (intact, or a chain break after the latest checkpoint).</summary>
    public SignedTreeHead? Checkpoint { get; }

    /// <summary>Gets the 0-based index of <see cref="Checkpoint"/> in the sequence given (the line of a <c>.sth</c> file, from 0), or null.</summary>
    public int? CheckpointIndex { get; }

    /// <summary>
    /// Gets the position (sequence number, from 1) of the first broken entry, or null when intact or the checkpoint itself
    /// is at fault (<see cref="ChainBreak.CheckpointInvalid"/>, <see cref="ChainBreak.Inconsistent"/>).
    /// </summary>
    /// <remarks>
    /// Exact (<see cref="IsPositionExact"/>) for a broken chain (<see cref="ChainBreak.Edited"/>, <see cref="ChainBreak.Missing"/>,
    /// <see cref="ChainBreak.Relinked"/>). For <see cref="ChainBreak.Rewritten"/> and <see cref="ChainBreak.Truncated"/> a
    /// root cannot say which leaf changed: this is the first position no earlier checkpoint vouches for,
    /// <c><see cref="VouchedUpTo"/> + 1</c>, and the rewritten or first missing entry lies between it and
    /// <see cref="Checkpoint"/>'s tree size (exact only for a log cut right after <see cref="VouchedUpTo"/>).
    /// </remarks>
    public long? FirstBrokenPosition { get; }

    /// <summary>Gets whether <see cref="FirstBrokenPosition"/> is the exact position rather than the start of a range.</summary>
    public bool IsPositionExact { get; }

    /// <summary>Gets a one-line summary without any content of the log.</summary>
    public override string ToString()
    {
        var name = ChainCheckpoint.NameOf(Log);
        if (IsIntact)
        {
            return $"The {name} is intact: {EntryCount} entries, {CheckpointCount} checkpoints verified.";
        }

        var where = Checkpoint is null ? "after the latest checkpoint" : $"at checkpoint {CheckpointIndex} (size {Checkpoint.TreeSize})";
        var position = FirstBrokenPosition is not { } p ? string.Empty
            : IsPositionExact ? $", position {p.ToString(CultureInfo.InvariantCulture)}"
            : $", between positions {p.ToString(CultureInfo.InvariantCulture)} and {Checkpoint!.TreeSize.ToString(CultureInfo.InvariantCulture)}";
        return $"The {name} is broken {where}: {Break}{position} ({EntryCount} entries read).";
    }
}
