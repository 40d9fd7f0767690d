using System.Security.Cryptography;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// The Ed25519 checkpoint keys, kept like the field keys: a <see cref="FieldKeyPurpose.CheckpointSigning"/> record in
/// the <see cref="IFieldKeyStore"/>, the seed wrapped by DataProtection exactly as the key ring wraps its own records (so
/// the ring unwraps it too and never reports it as foreign).
/// </summary>
/// <remarks>
/// The store decides which key the fleet shares: an instance that finds no live key adds one with the store's conditional
/// insert (<see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>: only when no active checkpoint key exists), so of several
/// instances starting together exactly one adds its record and the others adopt it. Records a store kept from before
/// (several active ones) are settled by a deterministic rule: among the active records every instance can unwrap, the
/// earliest made (then the lowest id) is the signing key; any other active one is retired by whoever sees it.
/// </remarks>
internal sealed class CheckpointKeyRing(IFieldKeyStore store, IDataProtectionProvider dataProtection, TimeProvider time, ILogger logger) : IDisposable
{
    private const int SeedSize = 32;
    private readonly IDataProtector _protector = dataProtection.CreateProtector(FieldKeyRing.ProtectorPurpose);
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private readonly Dictionary<uint, CheckpointSigningKey> _loaded = [];
    private readonly List<CheckpointSigningKey> _superseded = [];
    private bool _disposed;

    /// <summary>Gets the key to sign with now: the adopted live record, made when there is none.</summary>
    public async ValueTask<CheckpointSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var (current, _) = await LoadAsync(cancellationToken).ConfigureAwait(false);
                if (current is not null)
                {
                    return current;
                }

                await CreateAsync(cancellationToken).ConfigureAwait(false);
            }

            throw new InvalidOperationException("No checkpoint signing key could be made or adopted: the field key store accepted none that this app can unwrap.");
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>Gets the public keys of every checkpoint key this app can unwrap, current and retired, oldest first.</summary>
    public async ValueTask<IReadOnlyList<CheckpointPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (_, all) = await LoadAsync(cancellationToken).ConfigureAwait(false);
            return [.. all.Select(k => k.PublicKey)];
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>Retires the current key and makes (or adopts) a new one; old checkpoints keep verifying under the retired key.</summary>
    public async ValueTask<CheckpointPublicKey> RotateAsync(CancellationToken cancellationToken)
    {
        var current = await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var records = await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        if (records.FirstOrDefault(r => r.Id == current.RecordId) is { State: FieldKeyState.Active } record)
        {
            await store.TryUpdateAsync(record with { State = FieldKeyState.Retired, RetiredAt = time.GetUtcNow() }, record, cancellationToken).ConfigureAwait(false);
        }

        return (await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false)).PublicKey;
    }

    public void Dispose()
    {
        _mutex.Wait();
        try
        {
            _disposed = true;
            foreach (var key in _loaded.Values.Concat(_superseded))
            {
                key.Dispose();
            }

            _loaded.Clear();
        }
        finally
        {
            _mutex.Release();
        }
    }

    /// <summary>Reads the store, applies the adoption rule and retires the losers. Caller holds the mutex.</summary>
    private async ValueTask<(CheckpointSigningKey? Current, List<CheckpointSigningKey> All)> LoadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var records = (await store.GetAllAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.Purpose == FieldKeyPurpose.CheckpointSigning && r.State != FieldKeyState.Destroyed && r.WrappedKey is not null)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToList();
        var all = new List<CheckpointSigningKey>();
        FieldKeyRecord? winner = null;
        CheckpointSigningKey? current = null;
        foreach (var record in records)
        {
            if (Unwrap(record) is not { } key)
            {
                continue;
            }

            if (record.State == FieldKeyState.Active && winner is null)
            {
                winner = record;
                current = key;
            }
            else if (record.State == FieldKeyState.Active)
            {
                // A loser of the adoption rule: retired as of now, so it is published with an end to its validity.
                var retired = record with { State = FieldKeyState.Retired, RetiredAt = time.GetUtcNow() };
                if (await store.TryUpdateAsync(retired, record, cancellationToken).ConfigureAwait(false))
                {
                    CheckpointLog.SigningKeyRetired(logger, key.PublicKey.KeyId, current!.PublicKey.KeyId);
                    key = Unwrap(retired) ?? key;
                }
            }

            all.Add(key);
        }

        return (current, all);
    }

    private CheckpointSigningKey? Unwrap(FieldKeyRecord record)
    {
        DateTimeOffset? validTo = record.State == FieldKeyState.Active ? null : record.RetiredAt ?? record.ExpiresAt;
        if (_loaded.TryGetValue(record.Id, out var cached) && cached.PublicKey.ValidTo == validTo)
        {
            return cached;
        }

        byte[]? seed = null;
        try
        {
            seed = FieldKeyWrapping.Unwrap(_protector, record);
            if (seed.Length != SeedSize)
            {
                return null;
            }

            var key = new CheckpointSigningKey(record.Id, seed, record.ActivatesAt, validTo);
            if (cached is not null)
            {
                // A caller may still be signing with it: disposed with the ring, not now.
                _superseded.Add(cached);
            }

            _loaded[record.Id] = key;
            return key;
        }
        catch (CryptographicException)
        {
            // Another app's record, or one whose DataProtection key is gone: never adopted, never published.
            return null;
        }
        finally
        {
            if (seed is not null)
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }
    }

    private async ValueTask CreateAsync(CancellationToken cancellationToken)
    {
        var seed = GC.AllocateArray<byte>(SeedSize, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(seed);
            var now = Timestamps.Normalize(time.GetUtcNow());
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var id = FieldKeyWrapping.NewKeyId();
                var record = FieldKeyWrapping.NewRecord(_protector, id, FieldKeyPurpose.CheckpointSigning, seed, now, DateTimeOffset.MaxValue);
                // The store adds it only when no active checkpoint key exists; otherwise the caller adopts the one that does.
                var holder = await store.TryAddIfSlotFreeAsync(record, cancellationToken).ConfigureAwait(false);
                if (holder is null)
                {
                    continue;   // the id is taken: another one
                }

                if (holder.Id == id)
                {
                    CheckpointLog.SigningKeyCreated(logger, CheckpointPublicKey.IdOf(PublicOf(seed)));
                    return;
                }

                if (Unwrap(holder) is not null)
                {
                    return;   // another instance's key: the caller adopts it (Unwrap keeps it loaded)
                }

                // The slot is held by a record this app's DataProtection ring cannot unwrap (another app's key in a shared
                // store): never adopted, so this app adds a key of its own beside it.
                if (await store.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
                {
                    CheckpointLog.SigningKeyCreated(logger, CheckpointPublicKey.IdOf(PublicOf(seed)));
                    return;
                }
            }

            throw new InvalidOperationException("Could not find a free key id in 16 attempts; the field key store reports every id as taken.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static byte[] PublicOf(ReadOnlySpan<byte> seed)
    {
        using var key = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, seed, NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
    }
}
