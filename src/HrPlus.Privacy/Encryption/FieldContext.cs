using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Where a value lives: the entity and field names and, optionally, the row or subject it belongs to. The
/// context is bound into every ciphertext as associated data, so a value copied to another column or row
/// does not decrypt.
/// </summary>
/// <remarks>
/// Create one per field with <see cref="For"/> and keep it (a static field is fine): the associated data is
/// encoded once, here, and not on every call. <see cref="WithRow(string)"/> makes a new context per row; it
/// allocates, so bind rows only where copying values between rows is a threat worth the cost. Instances are
/// immutable and thread-safe.
/// </remarks>
public sealed class FieldContext : IEquatable<FieldContext>
{
    /// <summary>The largest entity or field name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 128;

    /// <summary>The largest row or subject key, in UTF-8 bytes.</summary>
    public const int MaxRowKeyBytes = 256;

    // Associated data after the 5-byte header: [len][entity][len][field][0] or [..][1][len][row].
    private readonly byte[] _associatedDataTail;

    private FieldContext(string entity, string field, string? rowKey, byte[] associatedDataTail, string? subjectId = null)
    {
        Entity = entity;
        Field = field;
        RowKey = rowKey;
        SubjectId = subjectId;
        _associatedDataTail = associatedDataTail;
    }

    /// <summary>
    /// Gets the subject this context is bound to (<see cref="WithSubject"/>), or null. Decryption under a subject's
    /// context fails with <see cref="FieldDecryptionFailureReason.SubjectBlocked"/> while the subject is blocked.
    /// </summary>
    public string? SubjectId { get; }

    /// <summary>Gets the entity (table, record type) name.</summary>
    public string Entity { get; }

    /// <summary>Gets the field (column, property) name.</summary>
    public string Field { get; }

    /// <summary>Gets the row or subject key bound into the ciphertext, or null when none is.</summary>
    public string? RowKey { get; }

    internal ReadOnlySpan<byte> AssociatedDataTail => _associatedDataTail;

    /// <summary>Compares two contexts by entity, field and row key (ordinal).</summary>
    public static bool operator ==(FieldContext? left, FieldContext? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Compares two contexts by entity, field and row key (ordinal).</summary>
    public static bool operator !=(FieldContext? left, FieldContext? right) => !(left == right);

    /// <summary>Creates the context of a field.</summary>
    /// <param name="entity">The entity name, e.g. <c>"Student"</c>: 1 to 128 UTF-8 bytes, no control characters.</param>
    /// <param name="field">The field name, e.g. <c>"Iin"</c>: 1 to 128 UTF-8 bytes, no control characters.</param>
    /// <exception cref="ArgumentException">A name is empty, too long, has control characters or is not valid UTF-16 (a lone surrogate).</exception>
    public static FieldContext For(string entity, string field)
    {
        ValidateName(entity, nameof(entity));
        ValidateName(field, nameof(field));
        return new FieldContext(entity, field, null, Encode(entity, field, null));
    }

    /// <summary>
    /// Returns a context that also binds a row or subject key, so the value decrypts only in that row.
    /// </summary>
    /// <param name="rowKey">The row's primary key or the subject's opaque id: 1 to 256 UTF-8 bytes. Not a raw IIN.</param>
    /// <exception cref="ArgumentException">The key is empty, too long, or not valid UTF-16 (a lone surrogate).</exception>
    public FieldContext WithRow(string rowKey) => Bind(rowKey, subjectId: null, nameof(rowKey));

    /// <summary>
    /// Binds the ciphertext to a subject (the associated data is the same as <c>WithRow(subjectId)</c>, so values made
    /// either way decrypt either way) and marks the context as the subject's, so blocking the subject blocks its
    /// decryption.
    /// </summary>
    /// <remarks>
    /// The id is the host's opaque id for the person, never an IIN: a subject key's record names its subject, so an IIN
    /// here would reach the key store in plain text. The same check refuses it as erasure and consent do.
    /// </remarks>
    /// <exception cref="ArgumentException">An empty id, one over <see cref="MaxRowKeyBytes"/> UTF-8 bytes, one that is not valid UTF-16 (a lone surrogate), or one that holds an IIN.</exception>
    public FieldContext WithSubject(string subjectId)
    {
        var context = Bind(subjectId, subjectId, nameof(subjectId));
        Consent.SubjectIds.ThrowIfHoldsIin(subjectId, nameof(subjectId));
        return context;
    }

    private FieldContext Bind(string key, string? subjectId, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(key, paramName);
        ThrowIfInvalidUtf16(key, paramName);
        if (Encoding.UTF8.GetByteCount(key) > MaxRowKeyBytes)
        {
            throw new ArgumentException($"A row key is at most {MaxRowKeyBytes} UTF-8 bytes.", paramName);
        }

        return new FieldContext(Entity, Field, key, Encode(Entity, Field, key), subjectId);
    }

    /// <summary>The largest associated-data tail of a row-bound context: both names and the row key at their limits.</summary>
    internal const int MaxRowBoundTailBytes = 2 + MaxNameBytes + 2 + MaxNameBytes + 1 + 2 + MaxRowKeyBytes;

    /// <summary>
    /// Writes the associated-data tail of <c>WithRow(rowKey)</c> into <paramref name="destination"/> without making the
    /// context. Returns its length, or -1 when this context is already bound or <paramref name="rowKey"/> would be
    /// refused by <see cref="WithRow(string)"/> (the caller then takes that path, which throws).
    /// </summary>
    internal int TryWriteRowBoundTail(string? rowKey, Span<byte> destination)
    {
        if (RowKey is not null || string.IsNullOrEmpty(rowKey) || rowKey.Length > MaxRowKeyBytes)
        {
            return -1; // more than 256 UTF-16 units is more than 256 UTF-8 bytes
        }

        for (var i = 0; i < rowKey.Length; i++)
        {
            if (char.IsSurrogate(rowKey[i]))
            {
                return -1; // rare in a key: the checked path decides
            }
        }

        // The unbound tail ends with the 0 byte that says "no row"; the bound one has 1, the key's length and the key.
        var prefix = _associatedDataTail.AsSpan(0, _associatedDataTail.Length - 1);
        if (!Encoding.UTF8.TryGetBytes(rowKey, destination[(prefix.Length + 3)..], out var rowLength) || rowLength > MaxRowKeyBytes)
        {
            return -1;
        }

        prefix.CopyTo(destination);
        destination[prefix.Length] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(destination[(prefix.Length + 1)..], (ushort)rowLength);
        return prefix.Length + 3 + rowLength;
    }

    /// <summary>The same binding without the subject mark: for the audited verification path only.</summary>
    internal FieldContext WithoutSubject() => SubjectId is null ? this : new FieldContext(Entity, Field, RowKey, _associatedDataTail);

    /// <inheritdoc cref="WithRow(string)"/>
    public FieldContext WithRow(long rowKey) => WithRow(rowKey.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="WithRow(string)"/>
    public FieldContext WithRow(Guid rowKey) => WithRow(rowKey.ToString("D"));

    /// <inheritdoc/>
    public bool Equals([NotNullWhen(true)] FieldContext? other) =>
        other is not null
        && string.Equals(Entity, other.Entity, StringComparison.Ordinal)
        && string.Equals(Field, other.Field, StringComparison.Ordinal)
        && string.Equals(RowKey, other.RowKey, StringComparison.Ordinal)
        && string.Equals(SubjectId, other.SubjectId, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as FieldContext);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Entity), StringComparer.Ordinal.GetHashCode(Field), RowKey is null ? 0 : StringComparer.Ordinal.GetHashCode(RowKey));

    /// <summary>Gets <c>Entity.Field</c>, with <c>[row]</c> when a row is bound. The row key itself is not shown.</summary>
    public override string ToString() => SubjectId is not null ? $"{Entity}.{Field}[subject]" : RowKey is null ? $"{Entity}.{Field}" : $"{Entity}.{Field}[row]";

    // UTF-8 encoding replaces a lone surrogate with U+FFFD, so two different ids would bind the same associated data.
    private static void ThrowIfInvalidUtf16(string value, string paramName)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException("The value is not valid UTF-16 text (it has a lone surrogate), so it cannot be bound unambiguously.", paramName);
            }
        }
    }

    private static void ValidateName(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
        ThrowIfInvalidUtf16(name, paramName);
        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"A name is at most {MaxNameBytes} UTF-8 bytes.", paramName);
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("A name must not contain control characters.", paramName);
            }
        }
    }

    // One allocation: the tail itself (this runs for every row-bound value an app loads).
    private static byte[] Encode(string entity, string field, string? rowKey)
    {
        var utf8 = Encoding.UTF8;
        var (entityLength, fieldLength) = (utf8.GetByteCount(entity), utf8.GetByteCount(field));
        var rowLength = rowKey is null ? 0 : utf8.GetByteCount(rowKey);
        var tail = new byte[2 + entityLength + 2 + fieldLength + 1 + (rowKey is null ? 0 : 2 + rowLength)];
        var span = tail.AsSpan();
        Write(ref span, entity, entityLength);
        Write(ref span, field, fieldLength);
        span[0] = rowKey is null ? (byte)0 : (byte)1;
        span = span[1..];
        if (rowKey is not null)
        {
            Write(ref span, rowKey, rowLength);
        }

        return tail;

        static void Write(ref Span<byte> span, string text, int length)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
            Encoding.UTF8.GetBytes(text, span.Slice(2, length));
            span = span[(2 + length)..];
        }
    }
}
