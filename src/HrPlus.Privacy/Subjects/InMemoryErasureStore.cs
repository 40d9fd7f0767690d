namespace HrPlus.Privacy.Subjects;

/// <summary>Keeps erasure state in process memory; for tests and demos.</summary>
public sealed class InMemoryErasureStore : IErasureStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, ErasureRecord> _records = [];
    private readonly SemaphoreSlim _erasing = new(1, 1);

    /// <inheritdoc/>
    public ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records[record.Id] = record with { RecordsDeleted = new Dictionary<string, int>(record.RecordsDeleted, StringComparer.Ordinal) };
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_lock)
        {
            return ValueTask.FromResult(_records.Values.Where(r => r.SubjectId == subjectId).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).LastOrDefault());
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<ErasureRecord>>([.. _records.Values.Where(r => !r.IsComplete).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)]);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A lock of this store object: the instances of one process that share it take turns.</remarks>
    public async ValueTask<IAsyncDisposable?> TryLockAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _erasing.WaitAsync(timeout, cancellationToken).ConfigureAwait(false) ? new Held(_erasing) : null;

    private sealed class Held(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
