using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace HrPlus.Privacy.Encryption;

/// <summary>A view of the key ring, swapped atomically on every refresh.</summary>
/// <remarks>
/// Everything is immutable except the subject keys: a new subject's key is added to the live snapshot (under the ring's
/// mutex) instead of building a new snapshot, so enrolling n subjects costs O(n), not O(n²).
/// </remarks>
internal sealed class KeyRingSnapshot
{
    public KeyRingSnapshot(
        FieldKey current,
        IReadOnlyDictionary<uint, FieldKey> keys,
        IReadOnlyDictionary<uint, FieldKeyInfo> infos,
        IReadOnlySet<uint> unavailable,
        IReadOnlyDictionary<FieldKeyPurpose, uint> currentRootSecretIds,
        IEnumerable<(string SubjectId, FieldKey Key, FieldKeyInfo Info)> subjectKeys,
        IEnumerable<(FieldKey Key, FieldKeyInfo Info)> olderSubjectKeys,
        KeyRingSnapshot? previous)
    {
        Current = current;
        Keys = keys.ToFrozenDictionary();
        Infos = infos.ToFrozenDictionary();
        Unavailable = unavailable.ToFrozenSet();
        RootSecrets = keys.Values.Where(k => k.Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym)
            .ToFrozenDictionary(
                k => k.Id,
                k => previous is not null && previous.RootSecrets.TryGetValue(k.Id, out var kept) ? kept : new RootSecret(k));
        CurrentRootSecrets = currentRootSecretIds
            .Where(p => RootSecrets.ContainsKey(p.Value))
            .ToFrozenDictionary(p => p.Key, p => RootSecrets[p.Value]);
        foreach (var (subjectId, key, info) in subjectKeys)
        {
            SubjectKeys[subjectId] = key;
            SubjectKeysById[key.Id] = (key, info);
        }

        foreach (var (key, info) in olderSubjectKeys)
        {
            SubjectKeysById[key.Id] = (key, info);
        }
    }

    /// <summary>Gets the key that encrypts each subject's values, by subject id (<see cref="FieldEncryptionOptions.PerSubjectKeys"/>).</summary>
    public ConcurrentDictionary<string, FieldKey> SubjectKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets every live subject key by id (the current one of each subject and any older ones), with its metadata.</summary>
    public ConcurrentDictionary<uint, (FieldKey Key, FieldKeyInfo Info)> SubjectKeysById { get; } = new();

    /// <summary>Gets the key that encrypts new values.</summary>
    public FieldKey Current { get; }

    /// <summary>Gets every shared key (encryption and root secrets) that is not destroyed and could be unwrapped, by id.</summary>
    public FrozenDictionary<uint, FieldKey> Keys { get; }

    /// <summary>Gets the metadata of every shared key in the store and of every destroyed key, subject keys included.</summary>
    public FrozenDictionary<uint, FieldKeyInfo> Infos { get; }

    /// <summary>Gets the ids of keys that are in the store but could not be unwrapped by DataProtection.</summary>
    public FrozenSet<uint> Unavailable { get; }

    /// <summary>Gets the current root secret of each keyed-hash purpose that has one.</summary>
    public FrozenDictionary<FieldKeyPurpose, RootSecret> CurrentRootSecrets { get; }

    /// <summary>Gets every root secret by id.</summary>
    public FrozenDictionary<uint, RootSecret> RootSecrets { get; }

    /// <summary>Finds a live key by id, shared or a subject's.</summary>
    public bool TryGetKey(uint id, out FieldKey key)
    {
        if (Keys.TryGetValue(id, out key!))
        {
            return true;
        }

        if (SubjectKeysById.TryGetValue(id, out var entry))
        {
            key = entry.Key;
            return true;
        }

        return false;
    }

    /// <summary>Finds the metadata of a key by id, shared or a subject's.</summary>
    public bool TryGetInfo(uint id, out FieldKeyInfo info)
    {
        if (Infos.TryGetValue(id, out info!))
        {
            return true;
        }

        if (SubjectKeysById.TryGetValue(id, out var entry))
        {
            info = entry.Info;
            return true;
        }

        return false;
    }

    /// <summary>Disposes every key of this snapshot that <paramref name="next"/> no longer holds.</summary>
    public void DisposeKeysNotIn(KeyRingSnapshot next)
    {
        foreach (var key in Keys.Values)
        {
            if (!next.TryGetKey(key.Id, out var kept) || !ReferenceEquals(kept, key))
            {
                if (RootSecrets.TryGetValue(key.Id, out var root))
                {
                    root.Dispose();
                }

                key.Dispose();
            }
        }

        foreach (var (key, _) in SubjectKeysById.Values)
        {
            if (!next.TryGetKey(key.Id, out var kept) || !ReferenceEquals(kept, key))
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Disposes every key (the ring is disposed).</summary>
    public void DisposeAll()
    {
        foreach (var root in RootSecrets.Values)
        {
            root.Dispose();
        }

        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }

        foreach (var (key, _) in SubjectKeysById.Values)
        {
            key.Dispose();
        }
    }
}
