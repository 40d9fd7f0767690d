namespace HrPlus.Privacy.Audit;

/// <summary>
/// What the checkpoint job last did, for the health check: when it started, when the chains were last verified intact and
/// checkpointed, and whether the last verification found a break. Thread-safe; written by one job, read by probes.
/// </summary>
internal sealed class ChainCheckpointStatus(TimeProvider time)
{
    private readonly Lock _lock = new();

    /// <summary>Gets when this instance started (the reference before the first round).</summary>
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Gets when both chains were last verified intact, or null before the first round.</summary>
    public DateTimeOffset? LastVerifiedAt { get; private set; }

    /// <summary>Gets when a checkpoint was last written, or null before the first.</summary>
    public DateTimeOffset? LastCheckpointAt { get; private set; }

    /// <summary>Gets the name of the log whose last verification found a break, or null.</summary>
    public string? BrokenLog { get; private set; }

    private readonly Dictionary<string, long> _observedSizes = [];

    /// <summary>Gets the size of a log when the job last read it (before it tried to write the checkpoint), or null before that.</summary>
    public long? ObservedSize(string log)
    {
        lock (_lock)
        {
            return _observedSizes.TryGetValue(log, out var size) ? size : null;
        }
    }

    /// <summary>Records the size a round read, whether or not its checkpoint then reached the sink.</summary>
    public void Observed(string log, long size)
    {
        lock (_lock)
        {
            _observedSizes[log] = size;
        }
    }

    public void Verified(string log, bool intact)
    {
        lock (_lock)
        {
            if (!intact)
            {
                BrokenLog = log;
            }
            else if (BrokenLog == log)
            {
                BrokenLog = null;
            }

            if (intact)
            {
                LastVerifiedAt = time.GetUtcNow();
            }
        }
    }

    public void CheckpointWritten()
    {
        lock (_lock)
        {
            LastCheckpointAt = time.GetUtcNow();
        }
    }
}
