using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// A key store that, once gated, holds every full read until <c>n</c> readers arrived: so n instances read the same (empty)
/// store before any of them writes, the start race that made several roots and first keys.
/// </summary>
internal sealed class GatedKeyStore(IFieldKeyStore inner) : IFieldKeyStore
{
    private Barrier? _gate;

    public void Gate(int readers) => _gate = new Barrier(readers);

    public void Open() => _gate = null;

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (_gate is { } gate)
        {
            Assert.True(gate.SignalAndWait(TimeSpan.FromSeconds(60)), "the other readers never came");
        }

        return inner.GetAllAsync(cancellationToken);
    }

    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.TryAddAsync(key, cancellationToken);

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.UpdateAsync(key, cancellationToken);

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken) =>
        inner.TryUpdateAsync(key, expected, cancellationToken);

    public ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken) =>
        inner.GetLiveAsync(purpose, subjectId, cancellationToken);

    public ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken) =>
        inner.TryAddIfSlotFreeAsync(key, cancellationToken);
}
