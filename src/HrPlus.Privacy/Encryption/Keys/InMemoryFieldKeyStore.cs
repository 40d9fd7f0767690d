namespace HrPlus.Privacy.Encryption;

/// <summary>A key store in process memory, for tests and demos: keys vanish with the process.</summary>
internal sealed class InMemoryFieldKeyStore : IFieldKeyStore
{
    private readonly Dictionary<uint, FieldKeyRecord> _keys = [];
    private readonly Dictionary<string, List<uint>> _bySubject = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private InMemoryFieldKeyStore? _epochs;

    /// <summary>
    /// Gets the in-memory store of the epoch keys that wrap this store's subject keys, shared by every key ring over this
    /// store (as instances share an epoch-key folder).
    /// </summary>
    public InMemoryFieldKeyStore EpochKeys => LazyInitializer.EnsureInitialized(ref _epochs, () => new InMemoryFieldKeyStore());

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<FieldKeyRecord>>([.. _keys.Values]);
        }
    }

    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return ValueTask.FromResult(Add(key));
        }
    }

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_keys.TryGetValue(key.Id, out var stored))
            {
                throw new InvalidOperationException($"There is no key {FieldDecryptionException.FormatKeyId(key.Id)} to update.");
            }

            if (stored.State == FieldKeyState.Destroyed && key.State != FieldKeyState.Destroyed)
            {
                throw new InvalidOperationException(
                    $"The key {FieldDecryptionException.FormatKeyId(key.Id)} is destroyed; a destroyed key is never brought back.");
            }

            _keys[key.Id] = key;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expected);
        lock (_gate)
        {
            if (!_keys.TryGetValue(key.Id, out var stored)
                || stored.State == FieldKeyState.Destroyed
                || !FieldKeyRecordVersion.Matches(stored, expected))
            {
                return ValueTask.FromResult(false);
            }

            _keys[key.Id] = key;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_keys.GetValueOrDefault(id));
        }
    }

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<FieldKeyRecord>>(
                [.. Candidates(subjectId).Where(r => r.Purpose == purpose && r.State == FieldKeyState.Active && string.Equals(r.SubjectId, subjectId, StringComparison.Ordinal))]);
        }
    }

    public ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (FieldKeySlot.Holder(Candidates(key.SubjectId), key) is { } holder)
            {
                return ValueTask.FromResult<FieldKeyRecord?>(holder);
            }

            return ValueTask.FromResult(Add(key) ? key : null);
        }
    }

    // Subject keys are found through an index by subject, so enrolling n subjects stays O(n). Caller holds the gate.
    private IEnumerable<FieldKeyRecord> Candidates(string? subjectId) =>
        subjectId is null ? _keys.Values
        : _bySubject.TryGetValue(subjectId, out var ids) ? ids.Select(id => _keys[id])
        : [];

    private bool Add(FieldKeyRecord key)
    {
        if (!_keys.TryAdd(key.Id, key))
        {
            return false;
        }

        if (key.SubjectId is { } subject)
        {
            if (!_bySubject.TryGetValue(subject, out var ids))
            {
                _bySubject[subject] = ids = [];
            }

            ids.Add(key.Id);
        }

        return true;
    }
}
