using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Encrypts properties marked with <c>IsEncrypted()</c> or <see cref="EncryptedAttribute"/> just before they are
/// written, puts the plaintext back on the entity right after, and decrypts them when entities are loaded.
/// </summary>
/// <remarks>
/// Entities in memory always hold plaintext; only the database sees <c>hp1.</c> text. A loaded entity is not
/// reported as modified because of the decryption: its original values are set to the plaintext too.
/// </remarks>
internal sealed class EncryptedPropertyInterceptor : SaveChangesInterceptor, IMaterializationInterceptor
{
    /// <summary>The one instance every context shares; the services come from each context's options.</summary>
    public static readonly EncryptedPropertyInterceptor Instance = new();

    private readonly ConditionalWeakTable<DbContext, List<Pending>> _pending = [];
    private readonly ConditionalWeakTable<DbContext, object> _subscribed = [];
    private readonly ConcurrentDictionary<IReadOnlyProperty, FieldContext> _contexts = new();

    // While a migration runs on this async flow, which loaded values were ciphertext and which of those were
    // under an older key. Off the migration path nothing is recorded, so normal loads allocate nothing extra.
    private readonly AsyncLocal<ConditionalWeakTable<object, Dictionary<IReadOnlyProperty, bool>>?> _decryptions = new();


    /// <summary>Starts recording decryptions on this async flow until the returned scope is disposed.</summary>
    public IDisposable RecordDecryptions()
    {
        _decryptions.Value = [];
        return new Recording(this);
    }

    /// <summary>Gets whether <paramref name="property"/> of <paramref name="entity"/> was stored encrypted (while recording).</summary>
    public bool WasDecrypted(object entity, IReadOnlyProperty property) =>
        _decryptions.Value is { } table && table.TryGetValue(entity, out var values) && values.ContainsKey(property);

    /// <summary>Gets whether <paramref name="property"/> of <paramref name="entity"/> was stored under an older key (while recording).</summary>
    public bool WasUnderOlderKey(object entity, IReadOnlyProperty property) =>
        _decryptions.Value is { } table && table.TryGetValue(entity, out var values) && values.TryGetValue(property, out var older) && older;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        EncryptPending(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        EncryptPending(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context, saved: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        IFieldEncryptor? encryptor = null;
        var any = false;
        foreach (var property in materializationData.EntityType.GetProperties())
        {
            if (property.GetEncryption() is not { } binding || property.PropertyInfo is not { } info)
            {
                continue;
            }

            any = true;
            var raw = info.GetValue(entity);
            if (raw is string stored && FieldCiphertext.IsEncrypted(stored))
            {
                encryptor ??= PrivacyDbContextOptionsExtension.For(materializationData.Context).Encryptor;
                info.SetValue(entity, encryptor.Decrypt(stored, ContextFor(property, binding, () => binding == EncryptionBinding.Subject
                    ? SubjectOf(property, materializationData.EntityType.FindProperty(property.GetSubjectProperty()!)!.PropertyInfo!.GetValue(entity))
                    : RowKeyOf(materializationData.EntityType, entity))));
                if (_decryptions.Value is { } recording)
                {
                    recording.GetOrCreateValue(entity)[property] = !encryptor.IsUnderCurrentKey(stored);
                }
            }
            else if (raw is byte[] bytes && FieldCiphertext.IsEncrypted(bytes))
            {
                // Binary values of the v1 shape are ciphertext; any other value is plaintext from before the property was
                // encrypted (the migration encrypts it). A plaintext that happens to start with the version byte fails
                // to decrypt and is reported, never passed off as data.
                encryptor ??= PrivacyDbContextOptionsExtension.For(materializationData.Context).Encryptor;
                var plaintext = new byte[FieldCiphertext.GetPlaintextLength(bytes.Length)];
                encryptor.Decrypt(bytes, plaintext, ContextFor(property, binding, () => binding == EncryptionBinding.Subject
                    ? SubjectOf(property, materializationData.EntityType.FindProperty(property.GetSubjectProperty()!)!.PropertyInfo!.GetValue(entity))
                    : RowKeyOf(materializationData.EntityType, entity)));
                info.SetValue(entity, plaintext);
                if (_decryptions.Value is { } recording)
                {
                    recording.GetOrCreateValue(entity)[property] = !encryptor.IsUnderCurrentKey(bytes);
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

    private static void OnTracked(object? sender, EntityTrackedEventArgs e)
    {
        if (!e.FromQuery)
        {
            return;
        }

        // The original-value snapshot holds what the database returned (ciphertext); make it the plaintext so the
        // entity is Unchanged until the app edits it.
        foreach (var property in e.Entry.Metadata.GetProperties())
        {
            if (property.GetEncryption() is not null)
            {
                var entry = e.Entry.Property(property);
                entry.OriginalValue = entry.CurrentValue;
            }
        }
    }

    private static string RowKeyOf(IEntityType entityType, object entity)
    {
        var key = entityType.FindPrimaryKey()
            ?? throw new InvalidOperationException($"Entity '{entityType.DisplayName()}' has no primary key, so its encrypted properties cannot be bound to the row.");
        return string.Join('|', key.Properties.Select(p => Convert.ToString(p.PropertyInfo?.GetValue(entity) ?? p.FieldInfo?.GetValue(entity), CultureInfo.InvariantCulture)));
    }

    private static string RowKeyOf(EntityEntry entry)
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
                    $"Entity '{entry.Metadata.DisplayName()}' binds encrypted properties to its row, but its key '{property.Name}' is generated by the database. Assign the key in code (a Guid, for instance) or use EncryptionBinding.None.");
            }

            values.Add(Convert.ToString(keyEntry.CurrentValue, CultureInfo.InvariantCulture));
        }

        return string.Join('|', values);
    }

    private static string SubjectOf(IReadOnlyProperty property, object? subject) =>
        Convert.ToString(subject, CultureInfo.InvariantCulture) is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"'{property.DeclaringType.DisplayName()}.{property.Name}' is bound to its subject, but '{property.GetSubjectProperty()}' is empty.");

    private FieldContext ContextFor(IReadOnlyProperty property, EncryptionBinding binding, Func<string> rowKey)
    {
        var context = _contexts.GetOrAdd(property, static p => FieldContext.For(p.DeclaringType.ClrType.Name, p.Name));
        // A subject binding marks the context as the subject's, so blocking and per-subject keys apply to the property.
        return binding switch
        {
            EncryptionBinding.None => context,
            EncryptionBinding.Subject => context.WithSubject(rowKey()),
            _ => context.WithRow(rowKey()),
        };
    }

    private void EncryptPending(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // SaveChanges detects changes only after this interceptor has run; do it first (as SaveChanges would) so
        // edits made since the last detection are encrypted too.
        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }

        PrivacyDbContextOptionsExtension? services = null;
        List<Pending>? pending = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Metadata.GetProperties())
            {
                if (property.GetEncryption() is not { } binding)
                {
                    continue;
                }

                var value = entry.Property(property);
                if (entry.State == EntityState.Modified && !value.IsModified)
                {
                    continue;
                }

                if (value.CurrentValue is byte[] plainBytes)
                {
                    // In memory a binary property always holds plaintext, whatever its first byte: always encrypt.
                    services ??= PrivacyDbContextOptionsExtension.For(context);
                    var cipher = new byte[FieldCiphertext.GetCiphertextLength(plainBytes.Length)];
                    CheckColumnLength(context, pending, property, cipher.Length);
                    services.Encryptor.Encrypt(plainBytes, cipher, ContextFor(property, binding, () => binding == EncryptionBinding.Subject
                        ? SubjectOf(property, entry.Property(property.GetSubjectProperty()!).CurrentValue)
                        : RowKeyOf(entry)));
                    value.CurrentValue = cipher;
                    (pending ??= []).Add(new Pending(entry, property, plainBytes));
                    continue;
                }

                if (value.CurrentValue is not string plaintext)
                {
                    if (property.GetBlindIndex() is { } cleared)
                    {
                        entry.Property(cleared.PropertyName).CurrentValue = null;
                    }

                    continue;
                }

                if (FieldCiphertext.IsEncrypted(plaintext))
                {
                    continue;
                }

                services ??= PrivacyDbContextOptionsExtension.For(context);
                CheckColumnLength(context, pending, property, FieldCiphertext.GetTextLength(System.Text.Encoding.UTF8.GetByteCount(plaintext)));
                value.CurrentValue = services.Encryptor.Encrypt(plaintext, ContextFor(property, binding, () => binding == EncryptionBinding.Subject
                    ? SubjectOf(property, entry.Property(property.GetSubjectProperty()!).CurrentValue)
                    : RowKeyOf(entry)));
                if (property.GetBlindIndex() is { } blind)
                {
                    // A value the normalizer rejects (not an IIN, say) gets no index: it cannot be found by value.
                    var index = new byte[blind.Index.Bytes];
                    entry.Property(blind.PropertyName).CurrentValue = services.Indexer.TryCompute(blind.Index, plaintext, index, out _)
                        ? System.Buffers.Text.Base64Url.EncodeToString(index)
                        : null;
                }
                (pending ??= []).Add(new Pending(entry, property, plaintext));
            }
        }

        if (pending is not null)
        {
            _pending.AddOrUpdate(context, pending);
        }
    }

    // A column too short for the ciphertext would fail in the database (or, on SQLite, not at all): say why first,
    // with the entity values put back to plaintext, and without the value itself.
    private static void CheckColumnLength(DbContext context, List<Pending>? pending, IProperty property, int needed)
    {
        if (property.GetMaxLength() is not { } max || needed <= max)
        {
            return;
        }

        foreach (var (entry, restored, plaintext) in pending ?? [])
        {
            entry.Property(restored).CurrentValue = plaintext;
        }

        throw new InvalidOperationException(
            $"The encrypted value of '{property.DeclaringType.DisplayName()}.{property.Name}' needs {needed} {(property.ClrType == typeof(string) ? "characters" : "bytes")} but its column allows {max}. " +
            $"Call HasMaxLength before IsEncrypted() (it is then taken as the plaintext's length and the column widened), or remove it. Context: {context.GetType().Name}.");
    }

    private void Restore(DbContext? context, bool saved)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var (entry, property, plaintext) in pending)
        {
            var value = entry.Property(property);
            value.CurrentValue = plaintext;
            if (saved)
            {
                value.OriginalValue = plaintext;
                value.IsModified = false;
            }
        }
    }

    private sealed record Pending(EntityEntry Entry, IProperty Property, object Plaintext);

    private sealed class Recording(EncryptedPropertyInterceptor owner) : IDisposable
    {
        public void Dispose() => owner._decryptions.Value = null;
    }
}
