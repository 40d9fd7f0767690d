using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Decrypts encrypted properties of every entity EF Core materializes: tracked and no-tracking queries, projections
/// that read an encrypted property (see <see cref="EncryptedQueryInterceptor"/>), <c>Reload</c> and
/// <c>GetDatabaseValues</c>. Called from the shaper <see cref="EncryptedMaterializerSource"/> compiles for entity types
/// with encrypted properties.
/// </summary>
/// <remarks>
/// A value that is not ciphertext is refused (<see cref="FieldDecryptionFailureReason.Malformed"/>) unless the property
/// accepts legacy plaintext or a migration is reading it. A tracked entity is not reported as modified because of the
/// decryption: the decryption runs inside the shaper, before EF Core tracks the entity and snapshots its original
/// values, so the snapshot holds the plaintext.
/// </remarks>
internal sealed class EncryptedPropertyMaterializer
{
    /// <summary>The one instance every context shares; the services come from each context's options.</summary>
    public static readonly EncryptedPropertyMaterializer Instance = new();

    private static readonly ConditionalWeakTable<IReadOnlyEntityType, IProperty[]> ShadowPlans = [];

    private readonly ConditionalWeakTable<DbContext, IFieldEncryptor> _encryptors = [];

    // While a migration runs on this async flow, the value each loaded entity's encrypted properties had in the column
    // (and, after a save, the ciphertext written). Off the migration path nothing is recorded.
    private readonly AsyncLocal<ConditionalWeakTable<object, Dictionary<IReadOnlyProperty, object?>>?> _stored = new();

    /// <summary>Starts recording stored values on this async flow (and accepting plaintext) until the scope is disposed.</summary>
    public IDisposable RecordStoredValues()
    {
        _stored.Value = [];
        return new Recording(this);
    }

    /// <summary>Gets what the column held for <paramref name="property"/> of <paramref name="entity"/> (while recording).</summary>
    public object? StoredValue(object entity, IReadOnlyProperty property) =>
        _stored.Value is { } table && table.TryGetValue(entity, out var values) && values.TryGetValue(property, out var value) ? value : null;

    /// <summary>Records the ciphertext just written for <paramref name="property"/> of <paramref name="entity"/> (while recording).</summary>
    public void RecordWritten(object entity, IReadOnlyProperty property, object ciphertext)
    {
        if (_stored.Value is { } table)
        {
            table.GetOrCreateValue(entity)[property] = ciphertext;
        }
    }

    /// <summary>
    /// The shadow properties a binding of <paramref name="entityType"/> reads (its key's and its subjects'): the
    /// shaper passes their values to <see cref="Materialized"/> in this order.
    /// </summary>
    public static IProperty[] ShadowValuesOf(IEntityType entityType) =>
        ShadowPlans.GetValue(entityType, static t =>
        {
            var type = (IEntityType)t;
            var needed = new List<IProperty>();
            foreach (var property in type.FindPrimaryKey()?.Properties ?? [])
            {
                if (property.IsShadowProperty() && !needed.Contains(property))
                {
                    needed.Add(property);
                }
            }

            foreach (var accessor in EncryptedPropertyAccessor.Of(type))
            {
                if (accessor.Subject is { } subject && subject.IsShadowProperty() && !needed.Contains(subject))
                {
                    needed.Add(subject);
                }
            }

            return [.. needed];
        });

    /// <summary>Decrypts the encrypted properties of an entity EF Core has just materialized, and returns it.</summary>
    /// <param name="entityType">The entity's type.</param>
    /// <param name="entity">The entity (null for an optional dependent that is absent).</param>
    /// <param name="materialization">The query's materialization context.</param>
    /// <param name="shadowValues">The values of <see cref="ShadowValuesOf"/>, in that order.</param>
    public object? Materialized(IEntityType entityType, object? entity, MaterializationContext materialization, object?[]? shadowValues)
    {
        if (entity is null)
        {
            return null;
        }

        var accessors = EncryptedPropertyAccessor.Of(entityType);
        var context = materialization.Context;
        IFieldEncryptor? encryptor = null;
        var recording = _stored.Value;
        var load = new Load(entityType, entity, shadowValues);
        foreach (var accessor in accessors)
        {
            var property = accessor.Property;
            var raw = accessor.Get(entity);
            if (recording is not null)
            {
                recording.GetOrCreateValue(entity)[property] = raw;
            }

            if (raw is string stored)
            {
                if (FieldCiphertext.IsEncrypted(stored))
                {
                    encryptor ??= EncryptorOf(context);
                    accessor.Set(entity, DecryptText(encryptor, stored, accessor, ref load));
                }
                else if (recording is null && !property.AcceptsLegacyPlaintext())
                {
                    throw NotCiphertext(property);
                }
            }
            else if (raw is byte[] bytes)
            {
                if (FieldCiphertext.IsEncrypted(bytes))
                {
                    // A legacy binary plaintext that happens to have the v1 shape fails to decrypt and is reported,
                    // never passed off as data.
                    encryptor ??= EncryptorOf(context);
                    var plaintext = new byte[FieldCiphertext.GetPlaintextLength(bytes.Length)];
                    DecryptBytes(encryptor, bytes, plaintext, accessor, ref load);
                    accessor.Set(entity, plaintext);
                }
                else if (recording is null && !property.AcceptsLegacyPlaintext())
                {
                    throw NotCiphertext(property);
                }
            }
        }

        return entity;
    }

    // Composite-key rows written before key parts were length-prefixed were bound to the parts joined with '|': they still
    // load (the next save binds them the new way). Single-part keys and other bindings never take this path.
    private static string DecryptText(IFieldEncryptor encryptor, string stored, EncryptedPropertyAccessor accessor, ref Load load)
    {
        try
        {
            // A row-bound value through the SDK's own encryptor: the bound context is never made (no allocation).
            return encryptor is not FieldEncryptor own ? encryptor.Decrypt(stored, load.ContextOf(accessor))
                : accessor.Binding == EncryptionBinding.Row ? own.DecryptRow(stored, accessor.Unbound, load.RowKey)
                : accessor.Binding == EncryptionBinding.Subject ? own.DecryptSubject(stored, accessor.Unbound, load.SubjectOf(accessor))
                : own.Decrypt(stored, accessor.Unbound);
        }
        catch (FieldDecryptionException ex) when (ex.Reason == FieldDecryptionFailureReason.Tampered && load.LegacyContextOf(accessor) is { } legacy)
        {
            return encryptor.Decrypt(stored, legacy);
        }
    }

    private static void DecryptBytes(IFieldEncryptor encryptor, byte[] stored, byte[] plaintext, EncryptedPropertyAccessor accessor, ref Load load)
    {
        try
        {
            encryptor.Decrypt(stored, plaintext, load.ContextOf(accessor));
        }
        catch (FieldDecryptionException ex) when (ex.Reason == FieldDecryptionFailureReason.Tampered && load.LegacyContextOf(accessor) is { } legacy)
        {
            encryptor.Decrypt(stored, plaintext, legacy);
        }
    }

    // Whoever can write to the database could otherwise replace a ciphertext with any value and have it load as genuine.
    private static FieldDecryptionException NotCiphertext(IReadOnlyProperty property) =>
        new(
            FieldDecryptionFailureReason.Malformed,
            $"The column of encrypted '{property.DeclaringType.DisplayName()}.{property.Name}' holds a value that is not ciphertext, so it is refused. " +
            "If the column was written before the property was encrypted, run MigrateEncryptedDataAsync, and until it has run mark the property AcceptLegacyPlaintext().");

    // The app's encryptor of a context: looked up once per context, not once per entity.
    private IFieldEncryptor EncryptorOf(DbContext context) =>
        _encryptors.GetValue(context, static c => PrivacyDbContextOptionsExtension.For(c).Encryptor);

    // One materialized entity: its row key is worked out once, for the first row-bound property that needs it, and
    // shadow key values (an owned type's key is its owner's) come from what the query read.
    private struct Load(IEntityType entityType, object entity, object?[]? shadowValues)
    {
        private string? _rowKey;

        private IProperty? _subjectProperty;
        private string? _subject;

        public string RowKey => _rowKey ??= EncryptedFieldContexts.RowKeyOf(entityType, entity, Shadow);

        /// <summary>The subject id of a subject-bound property (read once per entity for the usual one subject property).</summary>
        public string SubjectOf(EncryptedPropertyAccessor accessor)
        {
            if (!ReferenceEquals(_subjectProperty, accessor.Subject))
            {
                _subject = EncryptedFieldContexts.SubjectOf(accessor, entity, Shadow);
                _subjectProperty = accessor.Subject;
            }

            return _subject!;
        }

        // Made once per entity, and only for a row that has shadow values (an owned type's key): most entities allocate nothing.
        private Func<IProperty, object?>? _shadow;

        private Func<IProperty, object?>? Shadow => shadowValues is null ? null : _shadow ??= ShadowOf(entityType, shadowValues);

        public FieldContext ContextOf(EncryptedPropertyAccessor accessor) => accessor.Binding switch
        {
            EncryptionBinding.None => accessor.Unbound,
            EncryptionBinding.Row => accessor.Unbound.WithRow(RowKey),
            _ => accessor.Unbound.WithSubject(SubjectOf(accessor)),
        };

        public FieldContext? LegacyContextOf(EncryptedPropertyAccessor accessor) =>
            EncryptedFieldContexts.LegacyFor(entityType, entity, accessor, Shadow);

        private static Func<IProperty, object?> ShadowOf(IEntityType entityType, object?[] values)
        {
            var properties = ShadowValuesOf(entityType);
            return p => Array.IndexOf(properties, p) is >= 0 and var i ? values[i]
                : throw new InvalidOperationException($"The shadow property '{p.Name}' of '{entityType.DisplayName()}' was not read with the row.");
        }
    }

    private sealed class Recording(EncryptedPropertyMaterializer owner) : IDisposable
    {
        public void Dispose() => owner._stored.Value = null;
    }
}
