namespace HrPlus.Privacy.Subjects;

/// <summary>Persists the state of erasures (<see cref="ErasureRecord"/>), so an interrupted one resumes instead of starting over.</summary>
public interface IErasureStore
{
    /// <summary>Saves <paramref name="record"/>, adding it or replacing the record with the same id.</summary>
    ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken);

    /// <summary>Finds the subject's latest erasure (by request time), or null when the subject was never erased.</summary>
    ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Lists the erasures not completed yet, oldest first: the ones to resume.</summary>
    ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lock under which one erasure runs at a time on every instance that shares the store (a request's
    /// erasure, or the pass that resumes interrupted ones), waiting at most <paramref name="timeout"/>.
    /// </summary>
    /// <param name="timeout">How long to wait: <see cref="TimeSpan.Zero"/> to try once, <see cref="Timeout.InfiniteTimeSpan"/> to wait until cancelled.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lock, released when disposed; null when another holder kept it for <paramref name="timeout"/>.</returns>
    /// <remarks>
    /// The lock must be released when its holder's process dies (a PostgreSQL session advisory lock, an OS file lock), so a
    /// killed instance never keeps it. The default implementation locks nothing: each instance then runs erasures on its
    /// own, which is safe (every step is idempotent) but may resume one erasure on two instances at once.
    /// </remarks>
    ValueTask<IAsyncDisposable?> TryLockAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable?>(NoErasureLock.Instance);
}
