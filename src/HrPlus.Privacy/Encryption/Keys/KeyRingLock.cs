using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The one lock of a field key ring and its collaborators: every change to the ring's snapshot and every store write
/// they make runs under it.
/// </summary>
/// <remarks>
/// Log calls made while the lock is held run after it is released: a log pipeline with redaction can call back into the
/// ring (pseudonymizing redactors need a root secret), and the lock is not re-entrant.
/// </remarks>
internal sealed class KeyRingLock(ILogger logger)
{
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private List<Action<ILogger>>? _deferredLogs;

    /// <summary>Gets the logger deferred log calls write to.</summary>
    public ILogger Logger => logger;

    public void Enter() => _mutex.Wait();

    public Task EnterAsync(CancellationToken cancellationToken) => _mutex.WaitAsync(cancellationToken);

    /// <summary>Queues a log call until the lock is released. Caller holds the lock.</summary>
    public void Defer(Action<ILogger> log) => (_deferredLogs ??= []).Add(log);

    /// <summary>Releases the lock, then runs the log calls queued while it was held.</summary>
    public void Exit()
    {
        var logs = _deferredLogs;
        _deferredLogs = null;
        _mutex.Release();
        if (logs is not null)
        {
            foreach (var log in logs)
            {
                log(logger);
            }
        }
    }
}
