namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// The access log's accounting since start: every captured request is enqueued once and ends either persisted or
/// dropped (queue full, or the store failed after retries), so after shutdown <c>Persisted + Dropped == Enqueued</c>.
/// The same numbers are published as <c>System.Diagnostics.Metrics</c> counters of the meter
/// <c>HrPlus.Privacy.AspNetCore</c>.
/// </summary>
public interface IAccessLogMonitor
{
    /// <summary>Gets the number of records offered to the queue.</summary>
    long Enqueued { get; }

    /// <summary>Gets the number of records written to the store.</summary>
    long Persisted { get; }

    /// <summary>Gets the number of records dropped.</summary>
    long Dropped { get; }
}
