using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The field key ring's work on the epoch keys that wrap subject keys: the epoch job run on every refresh, the shredding of
/// subject keys whose epoch key is gone, the start-up check of the epoch keys live subject keys name, and the moment
/// after which backups can no longer unwrap a subject key. Nothing to do when <see cref="Epochs"/> is null.
/// </summary>
internal sealed class SubjectKeyEpochJob(IFieldKeyStore store, EpochWrapping epochWrapping, KeyRingLock ringLock)
{
    /// <summary>How many distinct epoch keys named by live subject keys the start-up check tries.</summary>
    public const int EpochCheckSample = 32;

    private volatile EpochKeyCheck? _epochCheck;

    /// <summary>Gets the epoch keys, or null when subject keys are not wrapped under epoch keys.</summary>
    public SubjectKeyEpochs? Epochs => epochWrapping.Epochs;

    /// <summary>Gets the result of the start-up check of epoch keys, or null before it ran (or without epoch keys).</summary>
    public EpochKeyCheck? EpochCheck => _epochCheck;

    /// <summary>
    /// Gets the moment after which no database backup taken up to <paramref name="at"/> can unwrap a subject key, or null
    /// when subject keys are not wrapped under epoch keys (restored backups then keep them readable).
    /// </summary>
    public async Task<DateTimeOffset?> GetBackupsUnreadableAfterAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Epochs is not { } epochs)
        {
            return null;
        }

        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            return epochs.BackupsUnreadableAfter(at);
        }
        finally
        {
            ringLock.Exit();
        }
    }

    /// <summary>
    /// A subject key whose epoch key is destroyed can never be unwrapped again (a restored backup's copy): it is recorded as
    /// destroyed, in the store too, so its values fail with <see cref="FieldDecryptionFailureReason.KeyDestroyed"/>.
    /// Caller holds the lock.
    /// </summary>
    public async ValueTask<FieldKeyRecord?> ShredIfEpochDestroyedAsync(FieldKeyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Epochs is not { } epochs || !EpochWrapping.TryReadEpochId(record, out var epochId) || !epochs.IsDestroyed(epochId))
        {
            return null;
        }

        var shredded = record with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null };
        if (await store.TryUpdateAsync(shredded, record, cancellationToken).ConfigureAwait(false))
        {
            var id = FieldDecryptionException.FormatKeyId(record.Id);
            var epoch = FieldDecryptionException.FormatKeyId(epochId);
            ringLock.Defer(l => Log.SubjectKeyShreddedWithEpoch(l, id, epoch));
        }

        return shredded;
    }

    /// <summary>
    /// The epoch job, run on every refresh: makes a new epoch key when the epoch ended, wraps every live subject key not
    /// under it again (one conditional write each, so an interruption leaves each record under its old or its new epoch,
    /// both live), then destroys the epoch keys whose retention has passed and that no live subject key names any more.
    /// Caller holds the lock.
    /// </summary>
    public async ValueTask RunAsync(IReadOnlyList<FieldKeyRecord> records, IReadOnlyDictionary<uint, FieldKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Epochs is not { } epochs)
        {
            return;
        }

        try
        {
            var live = records.Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.State != FieldKeyState.Destroyed && r.WrappedKey is not null).ToList();
            if (live.Count == 0 && epochs.Records.Count == 0)
            {
                return;
            }

            var rewrapped = 0;
            if (live.Count == 0)
            {
                await epochs.RetireEndedAsync(now, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var current = await epochs.EnsureCurrentAsync(now, cancellationToken).ConfigureAwait(false);
                foreach (var record in live)
                {
                    if ((EpochWrapping.TryReadEpochId(record, out var epochId) && epochId == current.Id) || !keys.TryGetValue(record.Id, out var key) || !key.TryExport(out var material))
                    {
                        continue;
                    }

                    try
                    {
                        var next = record with { WrappedKey = epochWrapping.Wrap(current.Id, record.Id, record.SubjectId, material), WrappingVersion = EpochWrapping.EpochWrappingVersion };
                        if (await store.TryUpdateAsync(next, record, cancellationToken).ConfigureAwait(false))
                        {
                            rewrapped++;
                        }
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(material);
                    }
                }
            }

            // Read again right before destroying: an epoch key still named by a live subject key (one another instance wrapped
            // meanwhile, or one this ring could not unwrap) is kept.
            var referenced = new HashSet<uint>();
            foreach (var record in rewrapped > 0 ? await store.GetAllAsync(cancellationToken).ConfigureAwait(false) : records)
            {
                if (record.State != FieldKeyState.Destroyed && EpochWrapping.TryReadEpochId(record, out var epochId))
                {
                    referenced.Add(epochId);
                }
            }

            var destroyed = await epochs.DestroyDueAsync(now, referenced, cancellationToken).ConfigureAwait(false);
            if (rewrapped > 0 || destroyed.Count > 0)
            {
                var epoch = FieldDecryptionException.FormatKeyId(epochs.Current(now)?.Id ?? 0);
                var destroyedIds = string.Join(", ", destroyed.Select(FieldDecryptionException.FormatKeyId));
                ringLock.Defer(l => Log.SubjectKeyEpochAdvanced(l, rewrapped, epoch, destroyed.Count, destroyedIds));
            }
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            ringLock.Defer(l => Log.SubjectKeyEpochFailed(l, ex));
        }
    }

    /// <summary>
    /// Checks that this instance can use the epoch keys its live subject keys name (a sample of at most
    /// <see cref="EpochCheckSample"/> distinct epoch keys), records the result for the health check and warns about the ones
    /// it cannot use.
    /// </summary>
    public async Task<EpochKeyCheck?> CheckEpochKeysAsync(CancellationToken cancellationToken)
    {
        if (Epochs is not { } epochs)
        {
            return null;
        }

        await ringLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        EpochKeyCheck check;
        try
        {
            await epochs.LoadAsync(cancellationToken).ConfigureAwait(false);
            var epochIds = new HashSet<uint>();
            foreach (var record in await store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (record.Purpose == FieldKeyPurpose.SubjectEncryption && record.State != FieldKeyState.Destroyed && EpochWrapping.TryReadEpochId(record, out var epochId))
                {
                    epochIds.Add(epochId);
                    if (epochIds.Count >= EpochCheckSample)
                    {
                        break;
                    }
                }
            }

            var unusable = new List<uint>();
            foreach (var epochId in epochIds)
            {
                if (!epochs.IsDestroyed(epochId) && !await epochs.EnsureLoadedAsync(epochId, cancellationToken).ConfigureAwait(false))
                {
                    unusable.Add(epochId);
                }
            }

            check = new EpochKeyCheck(epochIds.Count, unusable, epochs.Location);
            _epochCheck = check;
        }
        finally
        {
            ringLock.Exit();
        }

        if (check.Unusable.Count > 0)
        {
            Log.EpochKeysUnavailable(ringLock.Logger, check.Unusable.Count, check.Checked, string.Join(", ", check.Unusable.Select(FieldDecryptionException.FormatKeyId)), check.Location);
        }

        return check;
    }
}
