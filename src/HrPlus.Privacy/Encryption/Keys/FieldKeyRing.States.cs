namespace HrPlus.Privacy.Encryption;

/// <summary>Retiring and destroying one key by id (the ring's own job: a current key is replaced by a fresh one).</summary>
internal sealed partial class FieldKeyRing
{
    private async Task ChangeStateAsync(uint keyId, FieldKeyState state, CancellationToken cancellationToken)
    {
        await _lock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var records = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
                var record = records.FirstOrDefault(r => r.Id == keyId)
                    ?? throw new InvalidOperationException($"There is no key {FieldDecryptionException.FormatKeyId(keyId)} in the field key store.");
                if (record.State == FieldKeyState.Destroyed)
                {
                    if (state == FieldKeyState.Destroyed)
                    {
                        return;
                    }

                    throw new InvalidOperationException($"Key {FieldDecryptionException.FormatKeyId(keyId)} is destroyed and cannot change state.");
                }

                if (record.Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym
                    && _snapshot?.CurrentRootSecrets.TryGetValue(record.Purpose, out var currentRoot) == true && currentRoot.Id == keyId)
                {
                    throw new InvalidOperationException(
                        $"Key {FieldDecryptionException.FormatKeyId(keyId)} is the current {record.Purpose} root secret: retiring or destroying it would make every stored " +
                        "blind index or pseudonym unmatchable, and a new root would be made silently. Rotate it first (blind indexes: IBlindIndexRootRotation, " +
                        "begin, re-index, complete), then retire or destroy the old root.");
                }

                var wasCurrent = record.Purpose == FieldKeyPurpose.Encryption && _snapshot?.Current.Id == keyId;
                var now = _time.GetUtcNow();
                bool written;
                if (state == FieldKeyState.Destroyed)
                {
                    written = await _factory.DestroyRecordAsync(record, now, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    written = record.State == state
                        || await _store.TryUpdateAsync(record with { State = state, RetiredAt = record.RetiredAt ?? now }, record, cancellationToken).ConfigureAwait(false);
                    if (written && record.State != state)
                    {
                        Defer(l => Log.KeyStateChanged(l, FieldDecryptionException.FormatKeyId(keyId), record.Purpose, state));
                    }
                }

                if (!written && attempt < 4)
                {
                    continue;
                }

                // Retiring or destroying the current key always makes a fresh key current, never an older one.
                await RefreshCoreAsync(rotate: wasCurrent, createRootSecret: null, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        finally
        {
            ReleaseMutex();
        }
    }
}
