namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The field key ring's count of encryptions under its current shared key: each process reserves blocks of the count in
/// the store (one conditional write a block) and encrypts within them, so the fleet together never passes
/// <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/>; at the bound the ring rolls over to a new key.
/// </summary>
internal sealed class KeyReservations
{
    private readonly FieldKeyRing _ring;
    private readonly IFieldKeyStore _store;
    private readonly FieldEncryptionOptions _options;
    private readonly KeyRingLock _lock;
    private int _reserveQueued;

    public KeyReservations(FieldKeyRing ring, IFieldKeyStore store, FieldEncryptionOptions options, KeyRingLock ringLock)
    {
        _ring = ring;
        _store = store;
        _options = options;
        _lock = ringLock;
        Block = Math.Clamp(options.MaxEncryptionsPerKey / 64, 1, 1L << 20);
    }

    /// <summary>Gets how many encryptions one reservation in the store grants this process.</summary>
    public long Block { get; }

    /// <summary>Called between reading the current key and counting an encryption under it (tests: other threads' counts).</summary>
    internal Action<FieldKey>? BeforeCount { get; set; }

    /// <summary>
    /// Takes one encryption under the current shared key, reserving more encryptions in the store (or rolling over to a new
    /// key at the per-key bound) when this process's reservation is used up.
    /// </summary>
    /// <remarks>
    /// A count refused because the reservation was used up stays this thread's, and the reservations made next (by this
    /// thread or another) extend the range of usable counts over it: each count is taken once and used at most once, and
    /// every usable count was reserved in the store. A thread that lost the race for the last counts therefore does not
    /// count again behind the others, which could take every new block first (a CI run on a loaded machine gave up after
    /// eight such losses). It gives up only when the store grants nothing: eight reservations in a row that left the same
    /// key's range unchanged, or a thousand keys rolled over during one call.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The key store granted no reservation and no new key.</exception>
    public FieldKey RentCurrentKey()
    {
        var key = _ring.Snapshot.Current;
        BeforeCount?.Invoke(key);
        var count = key.CountEncryption();
        for (int rollovers = 0, stalls = 0; ;)
        {
            if (count <= key.ReservedUpTo)
            {
                if (count == key.ReservedUpTo - (Block / 2))
                {
                    QueueReservation();
                }

                return key;
            }

            var reserved = key.ReservedUpTo;
            ReserveBlocking(key);
            if (count <= key.ReservedUpTo)
            {
                continue;
            }

            if (_ring.Snapshot.Current is var current && !ReferenceEquals(current, key))
            {
                // Rolled over meanwhile (the bound, a rotation, a destruction): a count under the new key.
                if (++rollovers > 1_000)
                {
                    break;
                }

                key = current;
                BeforeCount?.Invoke(key);
                count = key.CountEncryption();
                stalls = 0;
            }
            else if (key.ReservedUpTo == reserved && ++stalls >= 8)
            {
                break;
            }
        }

        throw new InvalidOperationException("The field key ring could not reserve encryptions under a current key; check the key store.");
    }

    /// <summary>
    /// Loads the ring and reserves this process's first block of encryptions under the current key, so the store writes
    /// that loading may need happen at start-up, not inside the first request's database transaction (on SQLite a write
    /// from another connection waits for that transaction to end).
    /// </summary>
    public void WarmUp()
    {
        var key = _ring.Snapshot.Current;
        if (key.ReservedUpTo <= key.Encryptions)
        {
            ReserveBlocking(key);
        }
    }

    private void QueueReservation()
    {
        if (Interlocked.Exchange(ref _reserveQueued, 1) != 0)
        {
            return;
        }

        var key = _ring.Snapshot.Current;
        _ = Task.Run(async () =>
        {
            try
            {
                // Asynchronously: a pool thread blocked here is one fewer for the store calls the ring waits for.
                await _lock.EnterAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await ReserveCoreAsync(key, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    _lock.Exit();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.RefreshFailed(_lock.Logger, ex);
            }
            finally
            {
                Volatile.Write(ref _reserveQueued, 0);
            }
        });
    }

    /// <summary>
    /// Reserves the next block of encryptions under <paramref name="key"/> in the store, or rolls over to a new key when the
    /// key reached <see cref="FieldEncryptionOptions.MaxEncryptionsPerKey"/> or is no longer current.
    /// </summary>
    private void ReserveBlocking(FieldKey key)
    {
        _lock.Enter();
        try
        {
            ReserveCoreAsync(key, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _lock.Exit();
        }
    }

    private async ValueTask ReserveCoreAsync(FieldKey key, CancellationToken cancellationToken)
    {
        _ring.ThrowIfDisposed();
        if (_ring.Loaded?.Current != key || key.Encryptions < key.ReservedUpTo - (Block / 2))
        {
            return; // another thread rolled over or reserved meanwhile
        }

        for (var attempt = 0; attempt < 8; attempt++)
        {
            var record = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == key.Id);
            if (record is null || record.State != FieldKeyState.Active || record.ReservedEncryptions >= _options.MaxEncryptionsPerKey)
            {
                if (record is not null && record.ReservedEncryptions >= _options.MaxEncryptionsPerKey)
                {
                    _lock.Defer(l => Log.EncryptionLimitReached(l, _options.MaxEncryptionsPerKey));
                }

                await _ring.RefreshCoreAsync(rotate: true, createRootSecret: null, cancellationToken, rotateCause: "limit").ConfigureAwait(false);
                return;
            }

            var block = Math.Min(Block, _options.MaxEncryptionsPerKey - record.ReservedEncryptions);
            if (await _store.TryUpdateAsync(record with { ReservedEncryptions = record.ReservedEncryptions + block }, record, cancellationToken).ConfigureAwait(false))
            {
                key.ExtendReservation(key.ReservedUpTo + block);
                return;
            }
        }

        throw new InvalidOperationException("The field key store kept changing while encryptions were reserved; try again.");
    }
}
