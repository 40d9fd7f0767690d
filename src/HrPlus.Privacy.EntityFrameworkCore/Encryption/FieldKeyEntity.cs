namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>The row of a field key: metadata and the key wrapped by DataProtection.</summary>
public sealed class FieldKeyEntity
{
    /// <summary>Gets or sets the 32-bit key id, stored as a 64-bit integer so every database can hold it.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets <see cref="HrPlus.Privacy.Encryption.FieldKeyPurpose"/> as its number.</summary>
    public int Purpose { get; set; }

    /// <summary>Gets or sets <see cref="HrPlus.Privacy.Encryption.FieldKeyState"/> as its number.</summary>
    public int State { get; set; }

    /// <summary>Gets or sets when the key was made (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets from when the key encrypts (UTC).</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>Gets or sets when the key stops encrypting (UTC).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets when the key was retired, if it was.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>Gets or sets when the key was destroyed, if it was.</summary>
    public DateTimeOffset? DestroyedAt { get; set; }

    /// <summary>Gets or sets the subject a subject key belongs to (an opaque id), or null.</summary>
    public string? SubjectId { get; set; }

    /// <summary>Gets or sets the DataProtection-wrapped key material; null once destroyed.</summary>
    public byte[]? WrappedKey { get; set; }

    /// <summary>Gets or sets how many encryptions under the key every instance together has reserved (0 for old rows).</summary>
    public long ReservedEncryptions { get; set; }

    /// <summary>Gets or sets how <see cref="WrappedKey"/> was wrapped (0: the first release's one purpose for every key).</summary>
    public int WrappingVersion { get; set; }

    /// <summary>
    /// Gets or sets the subject of a live (active) subject key, null for every other row: a unique index over this column
    /// lets the database refuse a second live key for one subject.
    /// </summary>
    public string? LiveSubjectId { get; set; }
}
