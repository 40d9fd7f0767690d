namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Pins the entity name that an entity's encrypted values are bound to (the <see cref="FieldContext.Entity"/> of its
/// fields), instead of the CLR type's short name.
/// </summary>
/// <remarks>
/// The name is part of every ciphertext's associated data: renaming the class, or moving it to another namespace with a
/// class of the same short name beside it, would otherwise make stored values unreadable or let two types read each
/// other's values. Pin the name before the first value is stored, and keep it. The EF Core integration refuses to start
/// when two entity types with encrypted properties would bind one name.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EncryptionNameAttribute : Attribute
{
    /// <summary>Pins the entity name.</summary>
    /// <param name="name">The stored name: 1 to <see cref="FieldContext.MaxNameBytes"/> UTF-8 bytes, no control characters.</param>
    public EncryptionNameAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the pinned entity name.</summary>
    public string Name { get; }
}
