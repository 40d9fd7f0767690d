using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>The <see cref="FieldContext"/> of an encrypted property in one row: entity, field, and row or subject.</summary>
internal static class EncryptedFieldContexts
{
    private static readonly ConcurrentDictionary<IReadOnlyProperty, FieldContext> Contexts = new();

    /// <summary>The context of a tracked entry's property, from its current values (what is about to be saved).</summary>
    public static FieldContext For(EntityEntry entry, IReadOnlyProperty property, EncryptionBinding binding) =>
        Bind(Unbound(property), binding, binding switch
        {
            EncryptionBinding.None => null,
            EncryptionBinding.Subject => SubjectOf(property, EncryptedPropertyAccessor.EntryOf(entry, EncryptedPropertyAccessor.FindSubject(property)!).CurrentValue),
            _ => RowKeyOf(entry, property),
        });

    /// <summary>The subject id a subject-bound property of a materialized entity is bound to.</summary>
    public static string SubjectOf(EncryptedPropertyAccessor accessor, object entity, Func<IProperty, object?>? shadow) =>
        SubjectOf(accessor.Property, EncryptedPropertyAccessor.Read(accessor.Subject!, entity, shadow));

    private static FieldContext Bind(FieldContext context, EncryptionBinding binding, string? key) =>

        // A subject binding marks the context as the subject's, so blocking and per-subject keys apply to the property.
        binding switch
        {
            EncryptionBinding.None => context,
            EncryptionBinding.Subject => context.WithSubject(key!),
            _ => context.WithRow(key!),
        };

    /// <summary>The row key of a materialized entity: its primary key's values (shadow ones, as an owned type's, from <paramref name="shadow"/>).</summary>
    public static string RowKeyOf(IReadOnlyEntityType entityType, object entity, Func<IProperty, object?>? shadow)
    {
        var key = entityType.FindPrimaryKey()
            ?? throw new InvalidOperationException($"Entity '{entityType.DisplayName()}' has no primary key, so its encrypted properties cannot be bound to the row.");
        if (key.Properties.Count == 1)
        {
            return Convert.ToString(EncryptedPropertyAccessor.Read((IProperty)key.Properties[0], entity, shadow), CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return Join(key.Properties.Select(p => Convert.ToString(EncryptedPropertyAccessor.Read((IProperty)p, entity, shadow), CultureInfo.InvariantCulture)).ToList());
    }

    /// <summary>
    /// The context a value of a composite-key row was bound to before each key part was length-prefixed (parts joined with
    /// '|'), so rows written then still load; null when the row's key has one part (nothing changed for those).
    /// </summary>
    public static FieldContext? LegacyFor(IReadOnlyEntityType entityType, object entity, EncryptedPropertyAccessor accessor, Func<IProperty, object?>? shadow)
    {
        if (accessor.Binding != EncryptionBinding.Row || entityType.FindPrimaryKey() is not { Properties.Count: > 1 } key)
        {
            return null;
        }

        var legacy = string.Join('|', key.Properties.Select(p => Convert.ToString(EncryptedPropertyAccessor.Read((IProperty)p, entity, shadow), CultureInfo.InvariantCulture)));
        return accessor.Unbound.WithRow(legacy);
    }

    /// <summary>The entity and field of <paramref name="property"/> (<see cref="EncryptionNames.Of(IReadOnlyProperty)"/>), made once per property.</summary>
    public static FieldContext Unbound(IReadOnlyProperty property) =>
        Contexts.GetOrAdd(property, static p => EncryptionNames.Of(p) is var (entity, field) ? FieldContext.For(entity, field) : throw new UnreachableException());

    /// <summary>
    /// One part is bound as it is; parts of a composite key are each prefixed with their length, so no choice of values
    /// makes two rows bind the same key (("a|b", "c") and ("a", "b|c") joined with '|' did).
    /// </summary>
    private static string Join(IReadOnlyList<string?> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0] ?? string.Empty;
        }

        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            var value = part ?? string.Empty;
            builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        return builder.ToString();
    }

    private static string RowKeyOf(EntityEntry entry, IReadOnlyProperty encrypted)
    {
        var key = entry.Metadata.FindPrimaryKey()
            ?? throw new InvalidOperationException($"Entity '{entry.Metadata.DisplayName()}' has no primary key, so its encrypted properties cannot be bound to the row.");
        var values = new List<string?>();
        foreach (var property in key.Properties)
        {
            var keyEntry = entry.Property(property);
            if (keyEntry.IsTemporary)
            {
                throw new InvalidOperationException(
                    $"'{entry.Metadata.DisplayName()}.{encrypted.Name}' is bound to its row, but the row's key '{property.Name}' is generated by the database, so it is not known when the value is encrypted; nothing was saved. " +
                    "Use a client-generated key (assign a Guid in code, with ValueGeneratedNever()), or bind the value to its subject instead (EncryptionBinding.Subject with the property that holds the subject id).");
            }

            values.Add(Convert.ToString(keyEntry.CurrentValue, CultureInfo.InvariantCulture));
        }

        return Join(values);
    }

    private static string SubjectOf(IReadOnlyProperty property, object? subject) =>
        Convert.ToString(subject, CultureInfo.InvariantCulture) is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"'{property.DeclaringType.DisplayName()}.{property.Name}' is bound to its subject, but '{property.GetSubjectProperty()}' is empty; nothing was saved.");
}
