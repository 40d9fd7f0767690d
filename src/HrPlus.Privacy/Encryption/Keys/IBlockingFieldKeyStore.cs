namespace HrPlus.Privacy.Encryption;

/// <summary>
/// A key store that can also answer synchronously, without another thread: the key ring makes its store calls through
/// these while it holds its lock (see <see cref="LockHeldKeyStore"/>).
/// </summary>
/// <remarks>
/// Threads that need the ring's lock while it is held wait for it blocked (EF Core's value conversion and the synchronous
/// save path cannot await). If the holder awaited an asynchronous database call, its continuation needed a free thread-pool
/// thread, while the waiters held the pool's threads: the pool adds about one thread a second, and a busy instance
/// stalled for seconds (issue 22). A synchronous call finishes on the holder's own thread.
/// </remarks>
internal interface IBlockingFieldKeyStore : IFieldKeyStore
{
    /// <inheritdoc cref="IFieldKeyStore.GetAllAsync"/>
    IReadOnlyList<FieldKeyRecord> GetAll();

    /// <inheritdoc cref="IFieldKeyStore.GetLiveAsync"/>
    IReadOnlyList<FieldKeyRecord> GetLive(FieldKeyPurpose purpose, string? subjectId);

    /// <inheritdoc cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>
    FieldKeyRecord? TryAddIfSlotFree(FieldKeyRecord key);

    /// <inheritdoc cref="IFieldKeyStore.TryUpdateAsync"/>
    bool TryUpdate(FieldKeyRecord key, FieldKeyRecord expected);
}

/// <summary>
/// The store as the key ring and its collaborators call it: through the synchronous calls of an
/// <see cref="IBlockingFieldKeyStore"/> (the EF Core store), as completed tasks; any other store as it is (the in-memory and
/// file-system stores complete synchronously anyway).
/// </summary>
/// <remarks>The synchronous calls do not observe cancellation; each is one short statement or transaction.</remarks>
internal sealed class LockHeldKeyStore(IBlockingFieldKeyStore inner) : IFieldKeyStore
{
    /// <summary>Gets the store the ring should call: <paramref name="store"/> wrapped when it can answer synchronously.</summary>
    public static IFieldKeyStore For(IFieldKeyStore store) => store is IBlockingFieldKeyStore blocking ? new LockHeldKeyStore(blocking) : store;

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(inner.GetAll());
    }

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(inner.GetLive(purpose, subjectId));
    }

    public ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(inner.TryAddIfSlotFree(key));
    }

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(inner.TryUpdate(key, expected));
    }

    public ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(inner.Get(id));
    }

    public FieldKeyRecord? Get(uint id) => inner.Get(id);

    // Rare writes (a rotation's new key, a state change made without a condition): as the store makes them.
    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.TryAddAsync(key, cancellationToken);

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.UpdateAsync(key, cancellationToken);
}
