namespace HrPlus.Privacy.Encryption;

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
