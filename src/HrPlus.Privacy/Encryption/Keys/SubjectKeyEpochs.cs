using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The epoch keys that wrap subject keys, kept in a store outside the database (a folder by default): one is current at a
/// time, each is kept for <see cref="FieldEncryptionOptions.BackupRetention"/> after its epoch ended and then destroyed, so
/// no backup taken during that epoch can unwrap a subject key again.
/// </summary>
/// <remarks>
/// Epoch keys are <see cref="FieldKeyRecord"/>s of their own store, wrapped by DataProtection under a purpose of their own
/// (<see cref="ProtectorPurpose"/>), so a file copied between the field-key folder and this one unwraps in neither. The
/// key ring calls every member under its mutex: this class is not thread-safe by itself.
/// </remarks>
internal sealed partial class SubjectKeyEpochs : IDisposable
{
    internal const string ProtectorPurpose = "HrPlus.Privacy.SubjectKeyEpochs.v1";

    /// <summary>The size of an epoch-wrapped subject key: nonce, the 32 key bytes, tag.</summary>
    internal const int SealedSize = NonceSize + KeySize + TagSize;

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly IFieldKeyStore _store;
    private readonly IDataProtector _protector;
    private readonly FieldEncryptionOptions _options;
    private readonly Dictionary<uint, byte[]> _keys = [];
    private readonly HashSet<uint> _foreign = [];
    private IReadOnlyList<FieldKeyRecord> _records = [];

    public SubjectKeyEpochs(IFieldKeyStore store, IDataProtectionProvider dataProtection, FieldEncryptionOptions options)
    {
        _store = store;
        _protector = dataProtection.CreateProtector(ProtectorPurpose);
        _options = options;
    }

    /// <summary>Gets the words that name where the epoch keys live, for messages ("the folder /srv/epochs (…)").</summary>
    public string Location { get; init; } = "the epoch key store";

    /// <summary>Gets the store the epoch keys live in.</summary>
    public IFieldKeyStore Store => _store;

    /// <summary>Gets every epoch record as last read, destroyed ones included.</summary>
    public IReadOnlyList<FieldKeyRecord> Records => _records;

    /// <summary>Reads the store and unwraps the epoch keys not unwrapped yet; forgets (and zeroes) destroyed ones.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        var records = await _store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            if (record.State == FieldKeyState.Destroyed || record.WrappedKey is null)
            {
                Forget(record.Id);
            }
            else if (!_keys.ContainsKey(record.Id) && !_foreign.Contains(record.Id))
            {
                Unwrap(record);
            }
        }

        _records = records;
    }

    /// <summary>
    /// Makes sure the epoch key <paramref name="epochId"/> is in memory when the store has it: one point lookup when this
    /// instance has not seen it (another instance made it a moment ago).
    /// </summary>
    /// <returns>Whether the epoch key is in memory now.</returns>
    public async ValueTask<bool> EnsureLoadedAsync(uint epochId, CancellationToken cancellationToken)
    {
        if (_keys.ContainsKey(epochId))
        {
            return true;
        }

        if (_foreign.Contains(epochId) || _records.Any(r => r.Id == epochId))
        {
            return false;
        }

        if (await _store.GetAsync(epochId, cancellationToken).ConfigureAwait(false) is { State: not FieldKeyState.Destroyed, WrappedKey: not null } record)
        {
            Unwrap(record);
            _records = [.. _records, record];
        }

        return _keys.ContainsKey(epochId);
    }

    /// <summary>Says why the epoch key cannot be used here: not in the store, destroyed, or not unwrappable by DataProtection.</summary>
    public string Describe(uint epochId)
    {
        var id = FieldDecryptionException.FormatKeyId(epochId);
        return _records.FirstOrDefault(r => r.Id == epochId) switch
        {
            null => $"its epoch key {id} is not in {Location}",
            { State: FieldKeyState.Destroyed } => $"its epoch key {id} in {Location} is destroyed",
            _ when _keys.ContainsKey(epochId) => $"DataProtection cannot unwrap it (its epoch key {id} in {Location} is fine)",
            _ => $"its epoch key {id} in {Location} cannot be unwrapped by this application's DataProtection key ring",
        };
    }

    /// <summary>Gets whether the epoch key is in memory and can unwrap.</summary>
    public bool IsLive(uint epochId) => _keys.ContainsKey(epochId);

    /// <summary>Gets whether the store holds the epoch key's record as destroyed: whatever it wrapped is gone for good.</summary>
    public bool IsDestroyed(uint epochId) => _records.Any(r => r.Id == epochId && r.State == FieldKeyState.Destroyed);

    /// <summary>Gets the current epoch at <paramref name="now"/>: the newest live one whose epoch has not ended.</summary>
    public FieldKeyRecord? Current(DateTimeOffset now) => _records
        .Where(r => r.State == FieldKeyState.Active && _keys.ContainsKey(r.Id) && r.CreatedAt <= now && now < r.ExpiresAt)
        .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
        .FirstOrDefault();

    /// <summary>
    /// Gets the current epoch, making one when none is current, and retires every other active epoch of this app (an epoch
    /// that ended, or one that another instance made at the same time and lost).
    /// </summary>
    public async ValueTask<FieldKeyRecord> EnsureCurrentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = Current(now) ?? await CreateAsync(now, cancellationToken).ConfigureAwait(false);
        var changed = false;
        foreach (var older in _records.Where(r => r.State == FieldKeyState.Active && r.Id != current.Id && _keys.ContainsKey(r.Id)).ToList())
        {
            changed |= await _store.TryUpdateAsync(older with { State = FieldKeyState.Retired, RetiredAt = now }, older, cancellationToken).ConfigureAwait(false);
        }

        if (changed)
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        return current;
    }

    /// <summary>Seals a subject key's bytes under the epoch key, bound to the subject key's record and the epoch.</summary>
    public byte[] Seal(uint epochId, uint keyId, string? subjectId, ReadOnlySpan<byte> material)
    {
        var epochKey = _keys[epochId];
        var sealedKey = new byte[SealedSize];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(epochKey, TagSize);
        aes.Encrypt(nonce, material, sealedKey.AsSpan(NonceSize, KeySize), sealedKey.AsSpan(NonceSize + KeySize, TagSize), AssociatedData(epochId, keyId, subjectId));
        return sealedKey;
    }

    /// <summary>Opens what <see cref="Seal"/> made into <paramref name="material"/> (32 bytes).</summary>
    /// <exception cref="CryptographicException">The epoch key is not live here, or the sealed key is not this record's.</exception>
    public void Open(uint epochId, uint keyId, string? subjectId, ReadOnlySpan<byte> sealedKey, Span<byte> material)
    {
        if (!_keys.TryGetValue(epochId, out var epochKey))
        {
            throw new CryptographicException($"The epoch key {FieldDecryptionException.FormatKeyId(epochId)} is not available.");
        }

        if (sealedKey.Length != SealedSize || material.Length != KeySize)
        {
            throw new CryptographicException("The epoch-wrapped key has the wrong length.");
        }

        using var aes = new AesGcm(epochKey, TagSize);
        aes.Decrypt(sealedKey[..NonceSize], sealedKey.Slice(NonceSize, KeySize), sealedKey.Slice(NonceSize + KeySize, TagSize), material, AssociatedData(epochId, keyId, subjectId));
    }

    public void Dispose()
    {
        foreach (var id in _keys.Keys.ToList())
        {
            Forget(id);
        }
    }

    private static byte[] AssociatedData(uint epochId, uint keyId, string? subjectId) => Encoding.UTF8.GetBytes(
        "HrPlus.Privacy.SubjectKey.v2|key:" + keyId.ToString("x8", CultureInfo.InvariantCulture)
        + "|epoch:" + epochId.ToString("x8", CultureInfo.InvariantCulture) + "|subject:" + subjectId);

    private async ValueTask<FieldKeyRecord> CreateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var material = GC.AllocateArray<byte>(KeySize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var id = FieldKeyWrapping.NewKeyId();
                var record = FieldKeyWrapping.NewRecord(_protector, id, FieldKeyPurpose.Encryption, material, now, now + _options.SubjectKeyEpoch);
                // One epoch for the fleet: the store decides which instance's new epoch key wins; the others adopt it. An
                // epoch key of another application (a shared folder) that holds the slot is passed over with a plain insert.
                var held = await _store.TryAddIfSlotFreeAsync(record, cancellationToken).ConfigureAwait(false);
                if (held is not null && held.Id != id)
                {
                    await LoadAsync(cancellationToken).ConfigureAwait(false);
                    if (_keys.ContainsKey(held.Id))
                    {
                        if (now < held.ExpiresAt)
                        {
                            return held;
                        }

                        await _store.TryUpdateAsync(held with { State = FieldKeyState.Retired, RetiredAt = now }, held, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    held = await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false) ? record : null;
                }

                if (held is not null)
                {
                    var kept = GC.AllocateArray<byte>(KeySize, pinned: true);
                    material.CopyTo(kept, 0);
                    _keys[id] = kept;
                    await LoadAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                }
            }

            throw new InvalidOperationException("Could not find a free epoch key id in 16 attempts; the epoch key store reports every id as taken.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private void Unwrap(FieldKeyRecord record)
    {
        byte[]? material = null;
        try
        {
            material = FieldKeyWrapping.Unwrap(_protector, record);
            if (material.Length == KeySize && record.Purpose == FieldKeyPurpose.Encryption)
            {
                var kept = GC.AllocateArray<byte>(KeySize, pinned: true);
                material.CopyTo(kept, 0);
                _keys[record.Id] = kept;
                return;
            }
        }
        catch (CryptographicException)
        {
            // Another app's epoch key (a shared folder) or a lost DataProtection ring: never used, never touched.
        }
        finally
        {
            if (material is not null)
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }

        _foreign.Add(record.Id);
    }

    private void Forget(uint id)
    {
        if (_keys.Remove(id, out var key))
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
