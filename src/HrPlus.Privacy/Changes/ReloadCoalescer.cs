namespace HrPlus.Privacy.Changes;

/// <summary>
/// Turns any number of reload requests for one cache into few reloads: at most one running and one waiting, and the
/// next one starting no sooner than <c>minInterval</c> after the previous one ended. A request always leads to a reload
/// that starts after it, so no change is missed; a flood of requests costs one reload per interval.
/// </summary>
/// <remarks>Thread-safe. Reloads run on the thread pool, never on the requester's thread.</remarks>
internal sealed class ReloadCoalescer(Func<Task> reload, TimeProvider time, TimeSpan minInterval)
{
    private readonly Lock _lock = new();
    private bool _running;
    private bool _pending;
    private long _lastEnd;
    private bool _ended;

    /// <summary>Called once the wait before a reload has started (its timer is set): lets tests advance a fake clock safely.</summary>
    internal Action? WaitStarted { get; set; }

    /// <summary>Asks for a reload that starts after this call.</summary>
    public void Request()
    {
        lock (_lock)
        {
            if (_running)
            {
                // Covered by the reload that starts next: the running one may have read the store before this change.
                _pending = true;
                return;
            }

            _running = true;
        }

        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                wait = _ended ? minInterval - time.GetElapsedTime(_lastEnd) : TimeSpan.Zero;
            }

            if (wait > TimeSpan.Zero)
            {
                var delay = Task.Delay(wait, time);
                WaitStarted?.Invoke();
                await delay.ConfigureAwait(false);
            }

            lock (_lock)
            {
                // Every request so far is covered by the reload that starts now.
                _pending = false;
            }

            try
            {
                await reload().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The reload reports its own failures; the next request tries again.
            }

            lock (_lock)
            {
                _lastEnd = time.GetTimestamp();
                _ended = true;
                if (!_pending)
                {
                    _running = false;
                    return;
                }
            }
        }
    }
}
