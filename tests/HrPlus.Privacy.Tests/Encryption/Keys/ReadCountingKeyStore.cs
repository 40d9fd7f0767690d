using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>An in-memory key store that counts how often the whole store is read.</summary>
internal sealed class ReadCountingKeyStore : IFieldKeyStore
{
    private readonly InMemoryFieldKeyStore _inner = new();
    private int _reads;

    private int _pointReads;

    public int Reads => Volatile.Read(ref _reads);

    public int PointReads => Volatile.Read(ref _pointReads);

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return _inner.GetAllAsync(cancellationToken);
    }

    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) => _inner.TryAddAsync(key, cancellationToken);

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => _inner.UpdateAsync(key, cancellationToken);

    // Point lookups and slot inserts are not reads of the whole store.
    public ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pointReads);
        return _inner.GetAsync(id, cancellationToken);
    }

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken) =>
        _inner.GetLiveAsync(purpose, subjectId, cancellationToken);

    public ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken) =>
        _inner.TryAddIfSlotFreeAsync(key, cancellationToken);

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken) =>
        _inner.TryUpdateAsync(key, expected, cancellationToken);
}
