using System.Collections.Frozen;

namespace HrPlus.Privacy.Encryption;

/// <summary>An immutable view of the key ring, swapped atomically on every refresh.</summary>
internal sealed class KeyRingSnapshot
{
    public KeyRingSnapshot(
        FieldKey current,
        IReadOnlyDictionary<uint, FieldKey> keys,
        IReadOnlyDictionary<uint, FieldKeyInfo> infos,
        IReadOnlySet<uint> unavailable,
        IReadOnlyDictionary<FieldKeyPurpose, uint> currentRootSecretIds,
        IReadOnlyDictionary<string, uint> subjectKeyIds,
        KeyRingSnapshot? previous)
    {
        Current = current;
        Keys = keys.ToFrozenDictionary();
        Infos = infos.ToFrozenDictionary();
        Unavailable = unavailable.ToFrozenSet();
        RootSecrets = keys.Values.Where(k => infos[k.Id].Purpose is FieldKeyPurpose.BlindIndex or FieldKeyPurpose.Pseudonym)
            .ToFrozenDictionary(
                k => k.Id,
                k => previous is not null && previous.RootSecrets.TryGetValue(k.Id, out var kept) ? kept : new RootSecret(k.Id, k.Material));
        CurrentRootSecrets = currentRootSecretIds
            .Where(p => RootSecrets.ContainsKey(p.Value))
            .ToFrozenDictionary(p => p.Key, p => RootSecrets[p.Value]);
        SubjectKeys = subjectKeyIds.ToFrozenDictionary(p => p.Key, p => Keys[p.Value], StringComparer.Ordinal);
    }

    /// <summary>Gets the key that encrypts each subject's values, by subject id (<see cref="FieldEncryptionOptions.PerSubjectKeys"/>).</summary>
    public FrozenDictionary<string, FieldKey> SubjectKeys { get; }

    /// <summary>Gets the key that encrypts new values.</summary>
    public FieldKey Current { get; }

    /// <summary>Gets every key that is not destroyed and could be unwrapped, by id.</summary>
    public FrozenDictionary<uint, FieldKey> Keys { get; }

    /// <summary>Gets the metadata of every key in the store, destroyed ones included.</summary>
    public FrozenDictionary<uint, FieldKeyInfo> Infos { get; }

    /// <summary>Gets the ids of keys that are in the store but could not be unwrapped by DataProtection.</summary>
    public FrozenSet<uint> Unavailable { get; }

    /// <summary>Gets the current root secret of each keyed-hash purpose that has one.</summary>
    public FrozenDictionary<FieldKeyPurpose, RootSecret> CurrentRootSecrets { get; }

    /// <summary>Gets every root secret by id.</summary>
    public FrozenDictionary<uint, RootSecret> RootSecrets { get; }
}
