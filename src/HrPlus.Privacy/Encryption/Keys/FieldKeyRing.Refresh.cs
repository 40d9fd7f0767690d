using System.Security.Cryptography;

namespace HrPlus.Privacy.Encryption;

internal sealed partial class FieldKeyRing
{
    /// <summary>Reads the store, rolls over or creates keys as needed and swaps in a new snapshot. Caller holds the mutex.</summary>
    private async ValueTask<KeyRingSnapshot> RefreshCoreAsync(bool rotate, FieldKeyPurpose? createRootSecret, CancellationToken cancellationToken, string? createSubjectKey = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var records = (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var now = _time.GetUtcNow();
        var previous = _snapshot;

        var current = PickCurrent(records, now);
        var encryptionsUnderCurrent = current is not null && previous?.Keys.TryGetValue(current.Id, out var loadedCurrent) == true
            ? loadedCurrent.Encryptions
            : 0;
        if (rotate || current is null || current.ExpiresAt - now <= _options.RolloverLeadTime || encryptionsUnderCurrent >= _options.MaxEncryptionsPerKey)
        {
            var made = await CreateKeyAsync(FieldKeyPurpose.Encryption, now, now + _options.KeyLifetime, cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                var retired = current with { State = FieldKeyState.Retired, RetiredAt = now };
                await _store.UpdateAsync(retired, cancellationToken).ConfigureAwait(false);
                records[records.IndexOf(current)] = retired;

                // The log call runs later: it must name the retired key, not what 'current' points to by then.
                var retiredId = FieldDecryptionException.FormatKeyId(retired.Id);
                Defer(l => Log.KeyStateChanged(l, retiredId, FieldKeyPurpose.Encryption, FieldKeyState.Retired));
            }

            records.Add(made);
            current = made;
        }

        if (createRootSecret is { } purpose && !records.Any(r => r.Purpose == purpose && r.State != FieldKeyState.Destroyed))
        {
            records.Add(await CreateKeyAsync(purpose, now, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false));
        }

        if (createSubjectKey is not null
            && !records.Any(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.State == FieldKeyState.Active && r.WrappedKey is not null
                && string.Equals(r.SubjectId, createSubjectKey, StringComparison.Ordinal)))
        {
            records.Add(await CreateKeyAsync(FieldKeyPurpose.SubjectEncryption, now, DateTimeOffset.MaxValue, cancellationToken, createSubjectKey).ConfigureAwait(false));
        }

        var keys = new Dictionary<uint, FieldKey>();
        var infos = new Dictionary<uint, FieldKeyInfo>();
        var unavailable = new HashSet<uint>();
        foreach (var record in records)
        {
            infos[record.Id] = FieldKeyInfo.From(record);
            if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
            {
                continue;
            }

            if (previous is not null && previous.Keys.TryGetValue(record.Id, out var loaded))
            {
                keys[record.Id] = loaded;
            }
            else if (TryUnwrap(record) is { } unwrapped)
            {
                keys[record.Id] = unwrapped;
            }
            else
            {
                unavailable.Add(record.Id);
            }
        }

        if (!keys.TryGetValue(current.Id, out var currentKey))
        {
            throw new CryptographicException($"The current field key {FieldDecryptionException.FormatKeyId(current.Id)} cannot be unwrapped. Check that this instance uses the same DataProtection key ring (persistence and application name) as the one that made it.");
        }

        var rootIds = records
            .Where(r => r.Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym && keys.ContainsKey(r.Id))
            .GroupBy(r => r.Purpose)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First().Id);

        // Instances that meet a new subject at the same time may each make a key for it: all of them decrypt, the newest
        // encrypts, and erasure destroys every one.
        var subjectIds = records
            .Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.State == FieldKeyState.Active && r.SubjectId is not null && keys.ContainsKey(r.Id))
            .GroupBy(r => r.SubjectId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First().Id, StringComparer.Ordinal);

        var snapshot = new KeyRingSnapshot(currentKey, keys, infos, unavailable, rootIds, subjectIds, previous);
        _snapshot = snapshot;
        if (previous is not null)
        {
            foreach (var old in previous.Keys.Values)
            {
                if (!snapshot.Keys.ContainsKey(old.Id))
                {
                    old.Dispose();
                }
            }
        }

        var untilRollover = current.ExpiresAt - _options.RolloverLeadTime - now;
        var due = untilRollover < _options.KeyRefreshInterval ? untilRollover : _options.KeyRefreshInterval;
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Defer(l => Log.KeyRingLoaded(l, keys.Count, FieldDecryptionException.FormatKeyId(current.Id)));
        return snapshot;
    }

    private static FieldKeyRecord? PickCurrent(List<FieldKeyRecord> records, DateTimeOffset now) =>
        records
            .Where(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active && r.WrappedKey is not null
                && r.ActivatesAt <= now && now < r.ExpiresAt)
            .OrderByDescending(r => r.ActivatesAt)
            .ThenByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .FirstOrDefault();

    private async ValueTask<FieldKeyRecord> CreateKeyAsync(FieldKeyPurpose purpose, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken, string? subjectId = null)
    {
        var material = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            var wrapped = _protector.Protect(material);
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var record = new FieldKeyRecord
                {
                    Id = NewKeyId(),
                    Purpose = purpose,
                    State = FieldKeyState.Active,
                    CreatedAt = now,
                    ActivatesAt = now,
                    ExpiresAt = expires,
                    WrappedKey = wrapped,
                    SubjectId = subjectId,
                };
                if (await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
                {
                    Defer(l => Log.KeyCreated(l, FieldDecryptionException.FormatKeyId(record.Id), purpose));
                    return record;
                }
            }

            throw new InvalidOperationException("Could not find a free key id in 16 attempts; the field key store reports every id as taken.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static uint NewKeyId()
    {
        Span<byte> id = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(id);
            value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(id);
        }
        while (value == 0);
        return value;
    }

    private FieldKey? TryUnwrap(FieldKeyRecord record)
    {
        byte[]? material = null;
        try
        {
            material = _protector.Unprotect(record.WrappedKey!);
            if (material.Length != KeySize)
            {
                Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), null));
                return null;
            }

            return new FieldKey(record.Id, record.Purpose, material);
        }
        catch (CryptographicException ex)
        {
            Defer(l => Log.KeyUnwrapFailed(l, FieldDecryptionException.FormatKeyId(record.Id), ex));
            return null;
        }
        finally
        {
            if (material is not null)
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }
    }
}
