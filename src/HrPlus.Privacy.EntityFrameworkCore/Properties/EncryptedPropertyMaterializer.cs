using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Decrypts encrypted properties of every entity EF Core materializes: tracked and no-tracking queries, projections
/// that read an encrypted property (see <see cref="EncryptedQueryInterceptor"/>), <c>Reload</c> and
/// <c>GetDatabaseValues</c>.
/// </summary>
/// <remarks>
/// A value that is not ciphertext is refused (<see cref="FieldDecryptionFailureReason.Malformed"/>) unless the property
/// accepts legacy plaintext or a migration is reading it. A loaded entity is not reported as modified because of
/// the decryption: its original values are set to the plaintext too.
/// </remarks>
internal sealed class EncryptedPropertyMaterializer : IMaterializationInterceptor
{
    /// <summary>The one instance every context shares; the services come from each context's options.</summary>
    public static readonly EncryptedPropertyMaterializer Instance = new();

    private readonly ConditionalWeakTable<DbContext, object> _subscribed = [];

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

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        var entityType = materializationData.EntityType;
        var accessors = EncryptedPropertyAccessor.Of(entityType);
        if (accessors.Length == 0)
        {
            return entity;
        }

        IFieldEncryptor? encryptor = null;
        var recording = _stored.Value;
        var load = new Load(entityType, entity, materializationData);
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
                    encryptor ??= PrivacyDbContextOptionsExtension.For(materializationData.Context).Encryptor;
                    accessor.Set(entity, DecryptText(encryptor, stored, accessor, load));
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
                    encryptor ??= PrivacyDbContextOptionsExtension.For(materializationData.Context).Encryptor;
                    var plaintext = new byte[FieldCiphertext.GetPlaintextLength(bytes.Length)];
                    DecryptBytes(encryptor, bytes, plaintext, accessor, load);
                    accessor.Set(entity, plaintext);
                }
                else if (recording is null && !property.AcceptsLegacyPlaintext())
                {
                    throw NotCiphertext(property);
                }
            }
        }

        if (materializationData.Context is { } context && !_subscribed.TryGetValue(context, out _))
        {
            _subscribed.Add(context, this);
            context.ChangeTracker.Tracked += OnTracked;
        }

        return entity;
    }

    // Composite-key rows written before key parts were length-prefixed were bound to the parts joined with '|': they still
    // load (the next save binds them the new way). Single-part keys and other bindings never take this path.
    private static string DecryptText(IFieldEncryptor encryptor, string stored, EncryptedPropertyAccessor accessor, Load load)
    {
        try
        {
            return encryptor.Decrypt(stored, load.ContextOf(accessor));
        }
        catch (FieldDecryptionException ex) when (ex.Reason == FieldDecryptionFailureReason.Tampered && load.LegacyContextOf(accessor) is { } legacy)
        {
            return encryptor.Decrypt(stored, legacy);
        }
    }

    private static void DecryptBytes(IFieldEncryptor encryptor, byte[] stored, byte[] plaintext, EncryptedPropertyAccessor accessor, Load load)
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

    private static void OnTracked(object? sender, EntityTrackedEventArgs e)
    {
        if (!e.FromQuery)
        {
            return;
        }

        // The original-value snapshot holds what the database returned (ciphertext); make it the plaintext so the
        // entity is Unchanged until the app edits it.
        foreach (var accessor in EncryptedPropertyAccessor.Of(e.Entry.Metadata))
        {
            var entry = accessor.EntryOf(e.Entry);
            entry.OriginalValue = entry.CurrentValue;
        }
    }

    // One materialized entity: its row key is worked out once, for the first row-bound property that needs it, and
    // shadow key values (an owned type's key is its owner's) come from what the query read.
    private sealed class Load(IEntityType entityType, object entity, MaterializationInterceptionData data)
    {
        private string? _rowKey;
        private Func<IProperty, object?>? _shadow;

        private Func<IProperty, object?> Shadow => _shadow ??= p => data.GetPropertyValue(p);

        public FieldContext ContextOf(EncryptedPropertyAccessor accessor) => accessor.Binding switch
        {
            EncryptionBinding.None => accessor.Unbound,
            EncryptionBinding.Row => accessor.Unbound.WithRow(_rowKey ??= EncryptedFieldContexts.RowKeyOf(entityType, entity, Shadow)),
            _ => EncryptedFieldContexts.For(accessor, entity, () => string.Empty, Shadow),
        };

        public FieldContext? LegacyContextOf(EncryptedPropertyAccessor accessor) =>
            EncryptedFieldContexts.LegacyFor(entityType, entity, accessor, Shadow);
    }

    private sealed class Recording(EncryptedPropertyMaterializer owner) : IDisposable
    {
        public void Dispose() => owner._stored.Value = null;
    }
}
