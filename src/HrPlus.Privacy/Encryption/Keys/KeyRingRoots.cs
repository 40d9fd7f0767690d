namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The field key ring's root secrets (for blind indexes and pseudonyms): the current root of each kind (made on first use,
/// one for the fleet), lookup by id, and rotation (begin: a pending root; complete: it becomes current, the old retired).
/// </summary>
internal sealed class KeyRingRoots(FieldKeyRing ring, IFieldKeyStore store, TimeProvider time, KeyRingLock ringLock, FieldKeyFactory factory)
{
    /// <summary>The activation time that marks a root as pending: made, stored, used by re-indexing, not yet current.</summary>
    public static readonly DateTimeOffset PendingActivation = DateTimeOffset.MaxValue;

    public RootSecret GetCurrent(RootSecretKind kind)
    {
        var purpose = ToPurpose(kind);
        if (ring.Snapshot.CurrentRootSecrets.TryGetValue(purpose, out var secret))
        {
            return secret;
        }

        ringLock.Enter();
        try
        {
            var snapshot = ring.RefreshCoreAsync(rotate: false, createRootSecret: purpose, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return snapshot.CurrentRootSecrets[purpose];
        }
        finally
        {
            ringLock.Exit();
        }
    }

    public RootSecret? Find(RootSecretKind kind, uint id)
    {
        var snapshot = ring.Snapshot;
        if (!snapshot.RootSecrets.TryGetValue(id, out var secret) && ring.TryRefreshForUnknownKey())
        {
            snapshot = ring.Snapshot;
            snapshot.RootSecrets.TryGetValue(id, out secret);
        }

        return secret is not null && snapshot.Infos[id].Purpose == ToPurpose(kind) ? secret : null;
    }

    /// <summary>Gets the pending root of <paramref name="purpose"/>, or null when no rotation is under way.</summary>
    public RootSecret? GetPendingRoot(FieldKeyPurpose purpose)
    {
        var snapshot = ring.Snapshot;
        var pending = snapshot.Infos.Values
            .Where(i => i.Purpose == purpose && i.State == FieldKeyState.Active && i.ActivatesAt == PendingActivation && snapshot.RootSecrets.ContainsKey(i.Id))
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .FirstOrDefault();
        return pending is null ? null : snapshot.RootSecrets[pending.Id];
    }

    /// <summary>Gets every live root of <paramref name="kind"/>: the current one first, then a pending one, then retired ones.</summary>
    public IReadOnlyList<RootSecret> GetLiveRoots(RootSecretKind kind)
    {
        var purpose = ToPurpose(kind);
        var current = GetCurrent(kind);
        var snapshot = ring.Snapshot;
        var others = snapshot.Infos.Values
            .Where(i => i.Purpose == purpose && i.Id != current.Id && i.State != FieldKeyState.Destroyed && snapshot.RootSecrets.ContainsKey(i.Id))
            .OrderBy(i => i.State == FieldKeyState.Active ? 0 : 1).ThenByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => snapshot.RootSecrets[i.Id]);
        return [current, .. others];
    }

    /// <summary>Makes a pending root of <paramref name="purpose"/>, or returns the one already pending.</summary>
    public async Task<FieldKeyInfo> BeginRotationAsync(FieldKeyPurpose purpose, CancellationToken cancellationToken)
    {
        _ = CurrentRootOf(purpose); // a rotation starts from a current root
        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
            var pending = PendingOf(records, purpose);
            if (pending is null)
            {
                // One pending root at a time, decided by the store: a rotation begun on two instances at once shares one.
                var now = time.GetUtcNow();
                var (record, key) = await factory.CreateSharedAsync(purpose, now, DateTimeOffset.MaxValue, PendingActivation, cancellationToken).ConfigureAwait(false);
                key.Dispose(); // loaded again, unwrapped, by the refresh below
                pending = record;
            }

            await ring.RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
            return FieldKeyInfo.From(pending);
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>Makes the pending root current and retires the previous current root.</summary>
    /// <exception cref="InvalidOperationException">No rotation is under way.</exception>
    public async Task<FieldKeyInfo> CompleteRotationAsync(FieldKeyPurpose purpose, CancellationToken cancellationToken)
    {
        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
            var pending = PendingOf(records, purpose)
                ?? throw new InvalidOperationException($"No {purpose} root rotation is under way: begin one first.");
            var now = time.GetUtcNow();
            var activated = pending with { ActivatesAt = now };

            // One write makes the new root current (the newest activated root wins); the old ones are retired after it, and
            // a load retires them too if this stops in between.
            if (!await store.TryUpdateAsync(activated, pending, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The pending root changed while the rotation completed; read the keys again and retry.");
            }

            foreach (var old in records.Where(r => r.Purpose == purpose && r.State == FieldKeyState.Active && r.Id != pending.Id && r.ActivatesAt != PendingActivation))
            {
                await store.TryUpdateAsync(old with { State = FieldKeyState.Retired, RetiredAt = now }, old, cancellationToken).ConfigureAwait(false);
                var oldId = FieldDecryptionException.FormatKeyId(old.Id);
                ringLock.Defer(l => Log.KeyStateChanged(l, oldId, purpose, FieldKeyState.Retired));
            }

            await ring.RefreshCoreAsync(rotate: false, createRootSecret: null, cancellationToken).ConfigureAwait(false);
            return FieldKeyInfo.From(activated);
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>
    /// The pending root of <paramref name="purpose"/>: the one choice that re-indexing (<see cref="GetPendingRoot"/>) and
    /// completion share, the newest by creation then id (the store admits one at a time; older releases may have left more).
    /// </summary>
    private static FieldKeyRecord? PendingOf(IEnumerable<FieldKeyRecord> records, FieldKeyPurpose purpose) => records
        .Where(r => r.Purpose == purpose && r.State == FieldKeyState.Active && r.ActivatesAt == PendingActivation)
        .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
        .FirstOrDefault();

    private static FieldKeyPurpose ToPurpose(RootSecretKind kind) => kind switch
    {
        RootSecretKind.BlindIndex => FieldKeyPurpose.BlindIndex,
        RootSecretKind.Pseudonym => FieldKeyPurpose.Pseudonym,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private RootSecret CurrentRootOf(FieldKeyPurpose purpose) =>
        GetCurrent(purpose == FieldKeyPurpose.BlindIndex ? RootSecretKind.BlindIndex : RootSecretKind.Pseudonym);
}
