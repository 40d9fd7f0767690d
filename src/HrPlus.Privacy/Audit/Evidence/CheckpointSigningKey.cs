using NSec.Cryptography;

namespace HrPlus.Privacy.Audit;

/// <summary>An Ed25519 private key that signs checkpoints, in libsodium's guarded memory; disposed with its ring.</summary>
internal sealed class CheckpointSigningKey : IDisposable
{
    private readonly Key _key;

    /// <summary>Imports the 32-byte RFC 8032 seed; the caller zeroes its own copy.</summary>
    public CheckpointSigningKey(uint recordId, ReadOnlySpan<byte> seed, DateTimeOffset validFrom, DateTimeOffset? validTo)
    {
        RecordId = recordId;
        _key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        PublicKey = new CheckpointPublicKey(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey), validFrom, validTo);
    }

    /// <summary>Gets the id of the field-key record that keeps it.</summary>
    public uint RecordId { get; }

    /// <summary>Gets the public half.</summary>
    public CheckpointPublicKey PublicKey { get; }

    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    public void Dispose() => _key.Dispose();
}
