namespace HrPlus.Privacy.Encryption;

internal sealed partial class FieldKeyRing
{
    /// <summary>
    /// How long after a key was made an older active key beside it counts as a rotation in progress (not repaired with
    /// warning 1008): an instance retires the old key right after it made the new one. Also the clock difference between
    /// instances tolerated when a key another instance made "now" is adopted (roots are live from when they are made, or
    /// pending; a root's activation time only orders roots).
    /// </summary>
    internal static readonly TimeSpan RotationGrace = TimeSpan.FromMinutes(1);

    /// <summary>Reads the store, repairs, rolls over or creates keys as needed and swaps in a new snapshot. Caller holds the lock.</summary>
    internal async ValueTask<KeyRingSnapshot> RefreshCoreAsync(bool rotate, FieldKeyPurpose? createRootSecret, CancellationToken cancellationToken, string rotateCause = "requested")
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var records = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var now = _time.GetUtcNow();
        var previous = _snapshot;
        if (_epochs is not null)
        {
            try
            {
                await _epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Subject keys loaded before stay in memory; new ones wait for the folder to be readable again.
                Defer(l => Log.SubjectKeyEpochFailed(l, ex));
            }
        }

        // Unwrap first: a record this application's DataProtection ring cannot unwrap (another application's, or a lost
        // ring's) is never picked as current and never stops this ring from making and using its own keys.
        var keys = new Dictionary<uint, FieldKey>();
        var unavailable = new HashSet<uint>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
            {
                continue;
            }

            if (await _epochJob.ShredIfEpochDestroyedAsync(record, now, cancellationToken).ConfigureAwait(false) is { } shredded)
            {
                records[i] = shredded;
                continue;
            }

            if (previous is not null && previous.TryGetKey(record.Id, out var loaded) && !loaded.IsDisposed)
            {
                keys[record.Id] = loaded;
            }
            else if (_factory.TryUnwrap(record, report: previous is null || !previous.Unavailable.Contains(record.Id), out var legacy) is { } unwrapped)
            {
                keys[record.Id] = unwrapped;
                if (legacy)
                {
                    records[i] = await _factory.RewrapIfLegacyAsync(record, unwrapped, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                unavailable.Add(record.Id);
            }
        }

        if (unavailable.Count > 0 && (previous is null || !unavailable.SetEquals(previous.Unavailable)))
        {
            var count = unavailable.Count;
            var ids = string.Join(", ", unavailable.Take(8).Select(FieldDecryptionException.FormatKeyId)) + (count > 8 ? ", …" : string.Empty);
            Defer(l => Log.ForeignKeysSkipped(l, count, ids));
        }

        // Active encryption keys this ring owns, newest first. More than one means a rotation was interrupted between
        // making the new key and retiring the old one: the newest wins and the others are retired now.
        var active = records
            .Where(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active && keys.ContainsKey(r.Id) && r.ActivatesAt <= now + RotationGrace)
            .OrderByDescending(r => r.ActivatesAt).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .ToList();
        var current = active.FirstOrDefault(r => now < r.ExpiresAt);
        FieldKey? made = null;
        if (rotate || current is null || current.ExpiresAt - now <= _options.RolloverLeadTime)
        {
            // The first key of an empty store is one decision for the fleet (the store's); later keys roll over by time or
            // request, and of two made at once the newest wins and the other is retired below.
            var first = !rotate && !records.Any(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active);
            var (record, key) = first
                ? await _factory.CreateSharedAsync(FieldKeyPurpose.Encryption, now, now + _options.KeyLifetime, activates: null, cancellationToken).ConfigureAwait(false)
                : await _factory.CreateKeyAsync(FieldKeyPurpose.Encryption, now, now + _options.KeyLifetime, cancellationToken).ConfigureAwait(false);
            if (records.FindIndex(r => r.Id == record.Id) is var index and >= 0)
            {
                records[index] = record;
            }
            else
            {
                records.Add(record);
                _metrics?.KeyRotated(rotate ? rotateCause : current is null ? "missing" : "expiry");
            }

            keys[record.Id] = made = key;
            current = record;
        }

        foreach (var older in active)
        {
            if (older.Id == current.Id)
            {
                continue;
            }

            var retired = older with { State = FieldKeyState.Retired, RetiredAt = now };
            if (await _store.TryUpdateAsync(retired, older, cancellationToken).ConfigureAwait(false))
            {
                records[records.IndexOf(older)] = retired;
                var retiredId = FieldDecryptionException.FormatKeyId(older.Id);
                Defer(l => Log.KeyStateChanged(l, retiredId, FieldKeyPurpose.Encryption, FieldKeyState.Retired));
                // An older key still active beside a key made moments ago is a rotation in progress on another instance (it
                // retires the old key right after making the new one); only an old pair means a rotation was interrupted.
                var age = now - current.CreatedAt;
                if (made is null && age > RotationGrace)
                {
                    Defer(l => Log.InterruptedRotationRepaired(l, retiredId));
                }
                else
                {
                    var newerId = FieldDecryptionException.FormatKeyId(current.Id);
                    Defer(l => Log.RotatedKeyRetired(l, retiredId, newerId, age));
                }
            }
        }

        if (createRootSecret is { } purpose && !records.Any(r => r.Purpose == purpose && r.State == FieldKeyState.Active && keys.ContainsKey(r.Id) && r.ActivatesAt != KeyRingRoots.PendingActivation))
        {
            // One root per purpose for the fleet: the store decides, every instance adopts what it holds.
            var (record, key) = records.Any(r => r.Purpose == purpose && r.State == FieldKeyState.Active && r.ActivatesAt != KeyRingRoots.PendingActivation)
                ? await _factory.CreateKeyAsync(purpose, now, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false)
                : await _factory.CreateSharedAsync(purpose, now, DateTimeOffset.MaxValue, activates: null, cancellationToken).ConfigureAwait(false);
            if (records.FindIndex(r => r.Id == record.Id) is var index and >= 0)
            {
                records[index] = record;
            }
            else
            {
                records.Add(record);
            }

            keys[record.Id] = key;
        }

        var sharedKeys = new Dictionary<uint, FieldKey>();
        var infos = new Dictionary<uint, FieldKeyInfo>();
        var subjectCandidates = new List<(FieldKeyRecord Record, FieldKey Key)>();
        foreach (var record in records)
        {
            var hasKey = keys.TryGetValue(record.Id, out var key);
            if (record.Purpose == FieldKeyPurpose.SubjectEncryption && hasKey)
            {
                subjectCandidates.Add((record, key!));
                continue;
            }

            infos[record.Id] = FieldKeyInfo.From(record);
            if (hasKey)
            {
                sharedKeys[record.Id] = key!;
            }
        }

        var rootIds = records
            .Where(r => r.Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym && r.State == FieldKeyState.Active && keys.ContainsKey(r.Id) && r.ActivatesAt != KeyRingRoots.PendingActivation)
            .GroupBy(r => r.Purpose)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ActivatesAt).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First().Id);

        // Instances that meet a new subject at the same time may each make a key for it: all of them decrypt, the newest
        // encrypts, and erasure destroys every one.
        var newestBySubject = subjectCandidates
            .Where(c => c.Record.State == FieldKeyState.Active && c.Record.SubjectId is not null)
            .GroupBy(c => c.Record.SubjectId!, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(c => c.Record.CreatedAt).ThenByDescending(c => c.Record.Id).First())
            .ToList();
        var newestIds = newestBySubject.Select(c => c.Record.Id).ToHashSet();
        var snapshot = new KeyRingSnapshot(
            keys[current.Id],
            sharedKeys,
            infos,
            unavailable,
            rootIds,
            newestBySubject.Select(c => (c.Record.SubjectId!, c.Key, FieldKeyInfo.From(c.Record))),
            subjectCandidates.Where(c => !newestIds.Contains(c.Record.Id)).Select(c => (c.Key, FieldKeyInfo.From(c.Record))),
            previous);
        _snapshot = snapshot;
        _metrics?.KeyRingRefreshed();

        // The new snapshot is visible before old keys are disposed: a thread that still holds an old key sees it disposed,
        // and retries on the new snapshot or reports KeyDestroyed.
        previous?.DisposeKeysNotIn(snapshot);

        await _epochJob.RunAsync(records, keys, now, cancellationToken).ConfigureAwait(false);

        // The timer also fires when an epoch ends and when an old epoch key is due for destruction, so restored backups
        // become unreadable at the time EraseAsync states.
        var untilRollover = current.ExpiresAt - _options.RolloverLeadTime - now;
        var due = untilRollover < _options.KeyRefreshInterval ? untilRollover : _options.KeyRefreshInterval;
        if (_epochs?.NextDue(now) is { } epochDue && epochDue - now < due)
        {
            due = epochDue - now;
        }
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var loadedCount = keys.Count;
        var currentId = FieldDecryptionException.FormatKeyId(current.Id);
        Defer(l => Log.KeyRingLoaded(l, loadedCount, currentId));
        return snapshot;
    }

    /// <summary>Reads the store and logs the records this ring cannot unwrap, without loading or making any key.</summary>
    public async Task ReportUnavailableKeysAsync(CancellationToken cancellationToken)
    {
        var unavailable = new List<uint>();
        await _lock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_epochs is not null)
            {
                await _epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var record in await _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.State != FieldKeyState.Destroyed && record.WrappedKey is not null
                    && !(EpochWrapping.TryReadEpochId(record, out var epochId) && _epochs?.IsDestroyed(epochId) == true))
                {
                    using var key = _factory.TryUnwrap(record, report: false);
                    if (key is null)
                    {
                        unavailable.Add(record.Id);
                    }
                }
            }
        }
        finally
        {
            ReleaseMutex();
        }

        if (unavailable.Count > 0)
        {
            Log.ForeignKeysSkipped(_logger, unavailable.Count, string.Join(", ", unavailable.Take(8).Select(FieldDecryptionException.FormatKeyId)) + (unavailable.Count > 8 ? ", …" : string.Empty));
        }
    }
}
