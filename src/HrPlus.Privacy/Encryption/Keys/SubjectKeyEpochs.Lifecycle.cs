namespace HrPlus.Privacy.Encryption;

/// <summary>The end of epochs: retiring those that ended, destroying their keys after the backup retention, and when.</summary>
internal sealed partial class SubjectKeyEpochs
{
    /// <summary>
    /// Retires every active epoch of this app whose epoch has ended, without making a new one (no live subject key needs
    /// one), so its retention starts counting.
    /// </summary>
    public async ValueTask RetireEndedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var ended in _records.Where(r => r.State == FieldKeyState.Active && _keys.ContainsKey(r.Id) && r.ExpiresAt <= now).ToList())
        {
            changed |= await _store.TryUpdateAsync(ended with { State = FieldKeyState.Retired, RetiredAt = now }, ended, cancellationToken).ConfigureAwait(false);
        }

        if (changed)
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When an epoch key may be destroyed: <see cref="FieldEncryptionOptions.BackupRetention"/> after its epoch ended.</summary>
    public DateTimeOffset DestroyAfter(FieldKeyRecord epoch)
    {
        var ended = epoch.RetiredAt is { } retired && retired > epoch.ExpiresAt ? retired : epoch.ExpiresAt;
        return ended + _options.BackupRetention;
    }

    /// <summary>
    /// Destroys every retired epoch key of this app whose retention has passed and that no live subject key still names
    /// (the caller wraps those again first).
    /// </summary>
    /// <returns>The ids of the epoch keys destroyed.</returns>
    public async ValueTask<IReadOnlyList<uint>> DestroyDueAsync(DateTimeOffset now, IReadOnlySet<uint> referenced, CancellationToken cancellationToken)
    {
        var destroyed = new List<uint>();
        foreach (var epoch in _records.Where(r => r.State == FieldKeyState.Retired && _keys.ContainsKey(r.Id) && !referenced.Contains(r.Id) && DestroyAfter(r) <= now).ToList())
        {
            if (await _store.TryUpdateAsync(epoch with { State = FieldKeyState.Destroyed, DestroyedAt = now, WrappedKey = null }, epoch, cancellationToken).ConfigureAwait(false))
            {
                destroyed.Add(epoch.Id);
            }
        }

        if (destroyed.Count > 0)
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        return destroyed;
    }

    /// <summary>
    /// Gets when the next epoch ends or the next epoch key falls due for destruction, or null when nothing falls due later.
    /// A key already due but still needed by a live subject key is left to the regular refreshes (no timer storm).
    /// </summary>
    public DateTimeOffset? NextDue(DateTimeOffset now)
    {
        DateTimeOffset? next = Current(now)?.ExpiresAt;
        foreach (var epoch in _records.Where(r => r.State == FieldKeyState.Retired && _keys.ContainsKey(r.Id)))
        {
            var due = DestroyAfter(epoch);
            if (due > now && (next is null || due < next))
            {
                next = due;
            }
        }

        return next;
    }

    /// <summary>
    /// Gets the moment after which no backup taken up to <paramref name="at"/> can unwrap a subject key: when the last epoch
    /// key that existed then is (or was) destroyed; null when no epoch key existed then.
    /// </summary>
    public DateTimeOffset? BackupsUnreadableAfter(DateTimeOffset at)
    {
        DateTimeOffset? latest = null;
        foreach (var epoch in _records.Where(r => r.CreatedAt <= at && (r.State == FieldKeyState.Destroyed || _keys.ContainsKey(r.Id))))
        {
            var end = epoch.State == FieldKeyState.Destroyed ? epoch.DestroyedAt ?? epoch.ExpiresAt : DestroyAfter(epoch);
            if (latest is null || end > latest)
            {
                latest = end;
            }
        }

        return latest;
    }
}
