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
        IFieldEncryptor? encryptor = null;
        var recording = _stored.Value;
        var any = false;
        var entityType = materializationData.EntityType;
        foreach (var accessor in EncryptedPropertyAccessor.Of(entityType))
        {
            var (property, binding) = (accessor.Property, accessor.Binding);
            any = true;
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
                    accessor.Set(entity, DecryptText(encryptor, stored, entityType, entity, property, binding));
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
                    DecryptBytes(encryptor, bytes, plaintext, entityType, entity, property, binding);
                    accessor.Set(entity, plaintext);
                }
                else if (recording is null && !property.AcceptsLegacyPlaintext())
                {
                    throw NotCiphertext(property);
                }
            }
        }

        if (any && materializationData.Context is { } context && !_subscribed.TryGetValue(context, out _))
        {
            _subscribed.Add(context, this);
            context.ChangeTracker.Tracked += OnTracked;
        }

        return entity;
    }

    // Composite-key rows written before key parts were length-prefixed were bound to the parts joined with '|': they still
    // load (the next save binds them the new way). Single-part keys and other bindings never take this path.
    private static string DecryptText(IFieldEncryptor encryptor, string stored, IEntityType entityType, object entity, IProperty property, EncryptionBinding binding)
    {
        try
        {
            return encryptor.Decrypt(stored, EncryptedFieldContexts.For(entityType, entity, property, binding));
        }
        catch (FieldDecryptionException ex) when (ex.Reason == FieldDecryptionFailureReason.Tampered
            && EncryptedFieldContexts.LegacyFor(entityType, entity, property, binding) is { } legacy)
        {
            return encryptor.Decrypt(stored, legacy);
        }
    }

    private static void DecryptBytes(IFieldEncryptor encryptor, byte[] stored, byte[] plaintext, IEntityType entityType, object entity, IProperty property, EncryptionBinding binding)
    {
        try
        {
            encryptor.Decrypt(stored, plaintext, EncryptedFieldContexts.For(entityType, entity, property, binding));
        }
        catch (FieldDecryptionException ex) when (ex.Reason == FieldDecryptionFailureReason.Tampered
            && EncryptedFieldContexts.LegacyFor(entityType, entity, property, binding) is { } legacy)
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
            var entry = e.Entry.Property(accessor.Property);
            entry.OriginalValue = entry.CurrentValue;
        }
    }

    private sealed class Recording(EncryptedPropertyMaterializer owner) : IDisposable
    {
        public void Dispose() => owner._stored.Value = null;
    }
}
