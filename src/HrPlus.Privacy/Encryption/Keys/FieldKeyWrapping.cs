using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// What every keeper of <see cref="FieldKeyRecord"/>s shares (the field key ring, the epoch keys, the checkpoint signing
/// keys): new key ids, and the record-bound DataProtection wrapping of a record's key.
/// </summary>
internal static class FieldKeyWrapping
{
    /// <summary>The <see cref="FieldKeyRecord.WrappingVersion"/> written by every keeper of records.</summary>
    public const int CurrentWrappingVersion = 1;

    /// <summary>
    /// The protector that wraps a record's key, from the ring's root protector (<see cref="FieldKeyRing.ProtectorPurpose"/>):
    /// version 1 names the record (id, purpose, subject), so a wrapped key copied into another record does not unwrap there;
    /// version 0 is the first release's single purpose.
    /// </summary>
    public static IDataProtector WrappingProtector(IDataProtector ringProtector, uint id, FieldKeyPurpose purpose, string? subjectId, int wrappingVersion) =>
        wrappingVersion switch
        {
            0 => ringProtector,
            CurrentWrappingVersion => ringProtector.CreateProtector(
                "key:" + id.ToString("x8", CultureInfo.InvariantCulture),
                "purpose:" + purpose.ToString(),
                "subject:" + (subjectId ?? string.Empty)),
            _ => throw new CryptographicException($"Unknown wrapping version {wrappingVersion}."),
        };

    /// <summary>Unwraps the key of a record that belongs to no subject, under the wrapping version the record names.</summary>
    /// <exception cref="CryptographicException">This application's DataProtection key ring cannot unwrap it.</exception>
    public static byte[] Unwrap(IDataProtector ringProtector, FieldKeyRecord record) =>
        WrappingProtector(ringProtector, record.Id, record.Purpose, null, record.WrappingVersion).Unprotect(record.WrappedKey!);

    /// <summary>
    /// A new active record with no subject, live from <paramref name="now"/> until <paramref name="expires"/>, its key
    /// wrapped under the current wrapping version.
    /// </summary>
    public static FieldKeyRecord NewRecord(IDataProtector ringProtector, uint id, FieldKeyPurpose purpose, byte[] material, DateTimeOffset now, DateTimeOffset expires) => new()
    {
        Id = id,
        Purpose = purpose,
        State = FieldKeyState.Active,
        CreatedAt = now,
        ActivatesAt = now,
        ExpiresAt = expires,
        WrappedKey = WrappingProtector(ringProtector, id, purpose, null, CurrentWrappingVersion).Protect(material),
        WrappingVersion = CurrentWrappingVersion,
    };

    /// <summary>A random key id; never 0 (the id no record has).</summary>
    public static uint NewKeyId()
    {
        Span<byte> id = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(id);
            value = BinaryPrimitives.ReadUInt32BigEndian(id);
        }
        while (value == 0);
        return value;
    }
}
