namespace HrPlus.Privacy.Encryption;

/// <summary>What a key in an <see cref="IFieldKeyStore"/> is for. Keys of one purpose are never used for another.</summary>
public enum FieldKeyPurpose
{
    /// <summary>An AES-256-GCM key that encrypts field values.</summary>
    Encryption = 1,

    /// <summary>A root secret that blind-index HMAC keys are derived from, one per index.</summary>
    BlindIndex = 2,

    /// <summary>A root secret that pseudonym HMAC keys are derived from, one per domain.</summary>
    Pseudonym = 3,

    /// <summary>
    /// An AES-256-GCM key that encrypts the fields of one subject only (<see cref="FieldEncryptionOptions.PerSubjectKeys"/>),
    /// so destroying it destroys that subject's data wherever a copy of it lies (crypto-shredding).
    /// </summary>
    SubjectEncryption = 4,

    /// <summary>
    /// The 32-byte seed of an Ed25519 key that signs checkpoints of the hash-chained logs (<c>SignedTreeHead</c>). The
    /// fleet adopts one live record (the earliest made); retired ones stay, because their public keys still verify old
    /// checkpoints. Never destroy one: checkpoints it signed could then no longer be checked against a published key.
    /// </summary>
    CheckpointSigning = 5,
}
