using System.Collections.Concurrent;
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
        Bind(property, binding, () => binding == EncryptionBinding.Subject
            ? SubjectOf(property, entry.Property(property.GetSubjectProperty()!).CurrentValue)
            : RowKeyOf(entry, property));

    /// <summary>The context of a materialized entity's property, from the values it was loaded with.</summary>
    public static FieldContext For(IReadOnlyEntityType entityType, object entity, IReadOnlyProperty property, EncryptionBinding binding) =>
        Bind(property, binding, () => binding == EncryptionBinding.Subject
            ? SubjectOf(property, Read(entityType.FindProperty(property.GetSubjectProperty()!)!, entity))
            : RowKeyOf(entityType, entity));

    private static FieldContext Bind(IReadOnlyProperty property, EncryptionBinding binding, Func<string> bound)
    {
        var context = Unbound(property);

        // A subject binding marks the context as the subject's, so blocking and per-subject keys apply to the property.
        return binding switch
        {
            EncryptionBinding.None => context,
            EncryptionBinding.Subject => context.WithSubject(bound()),
            _ => context.WithRow(bound()),
        };
    }

    private static object? Read(IReadOnlyProperty property, object entity) =>
        property.PropertyInfo?.GetValue(entity) ?? property.FieldInfo?.GetValue(entity);

    private static string RowKeyOf(IReadOnlyEntityType entityType, object entity)
    {
        var key = entityType.FindPrimaryKey()
            ?? throw new InvalidOperationException($"Entity '{entityType.DisplayName()}' has no primary key, so its encrypted properties cannot be bound to the row.");
        return Join(key.Properties.Select(p => Convert.ToString(Read(p, entity), CultureInfo.InvariantCulture)).ToList());
    }

    /// <summary>
    /// The context a value of a composite-key row was bound to before each key part was length-prefixed (parts joined with
    /// '|'), so rows written then still load; null when the row's key has one part (nothing changed for those).
    /// </summary>
    public static FieldContext? LegacyFor(IReadOnlyEntityType entityType, object entity, IReadOnlyProperty property, EncryptionBinding binding)
    {
        if (binding != EncryptionBinding.Row || entityType.FindPrimaryKey() is not { Properties.Count: > 1 } key)
        {
            return null;
        }

        var legacy = string.Join('|', key.Properties.Select(p => Convert.ToString(Read(p, entity), CultureInfo.InvariantCulture)));
        return Unbound(property).WithRow(legacy);
    }

    /// <summary>The entity and field of <paramref name="property"/>, made once per property.</summary>
    private static FieldContext Unbound(IReadOnlyProperty property) =>
        Contexts.GetOrAdd(property, static p => FieldContext.For(EncryptionNames.Of(p.DeclaringType), p.Name));

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
