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
