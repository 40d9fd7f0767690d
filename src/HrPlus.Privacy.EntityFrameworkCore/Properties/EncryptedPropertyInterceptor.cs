using System.Buffers.Text;
using System.Runtime.CompilerServices;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Encrypts properties marked with <c>IsEncrypted()</c> or <see cref="EncryptedAttribute"/> just before they are
/// written, and puts the plaintext back on the entity right after, whether the save succeeded, failed or was not
/// accepted.
/// </summary>
/// <remarks>
/// What an entity holds is always plaintext, so every value is encrypted, text that starts with <c>hp1.</c> included.
/// Each ciphertext made here is sealed: the column guard (<see cref="EncryptedColumnGuard{T}"/>) lets only sealed
/// values reach an encrypted column.
/// </remarks>
internal sealed class EncryptedPropertyInterceptor : SaveChangesInterceptor
{
    /// <summary>The one instance every context shares; the services come from each context's options.</summary>
    public static readonly EncryptedPropertyInterceptor Instance = new();

    private readonly ConditionalWeakTable<DbContext, List<Pending>> _pending = [];
    private readonly EventHandler<SaveChangesFailedEventArgs> _onContextSaveFailed;

    private EncryptedPropertyInterceptor() => _onContextSaveFailed = (sender, _) => Restore(sender as DbContext);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        EncryptPending(eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        // Keys that need the store (a subject this instance has not met) are fetched or made here, awaited; the
        // encryption below is synchronous and finds them in memory instead of blocking a pool thread on the store.
        await PrepareSubjectKeysAsync(eventData.Context, cancellationToken).ConfigureAwait(false);
        EncryptPending(eventData.Context, detectChanges: false);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    private static async ValueTask PrepareSubjectKeysAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null)
        {
            return;
        }

        DetectChanges(context);
        if (PrivacyDbContextOptionsExtension.For(context).Encryptor is not FieldEncryptor { UsesSubjectKeys: true } encryptor)
        {
            return;
        }

        HashSet<string>? seen = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var accessor in EncryptedPropertyAccessor.Of(entry.Metadata))
            {
                if (accessor.Binding != EncryptionBinding.Subject)
                {
                    continue;
                }

                FieldContext fieldContext;
                try
                {
                    fieldContext = EncryptedFieldContexts.For(entry, accessor.Property, accessor.Binding);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // An empty subject, or an id the binding refuses: the encryption refuses the save with its own error.
                    continue;
                }

                if (fieldContext.SubjectId is { } subject && (seen ??= new(StringComparer.Ordinal)).Add(subject))
                {
                    await encryptor.PrepareAsync(fieldContext, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    // SaveChanges detects changes only after this interceptor has run; do it first (as SaveChanges would) so edits made
    // since the last detection are encrypted too.
    private static void DetectChanges(DbContext context)
    {
        if (context.ChangeTracker.AutoDetectChangesEnabled)
        {
            context.ChangeTracker.DetectChanges();
        }
    }

    private void EncryptPending(DbContext? context, bool detectChanges = true)
    {
        if (context is null)
        {
            return;
        }

        if (detectChanges)
        {
            DetectChanges(context);
        }

        // A save that was not accepted (SaveChanges(false), then a rollback and a retry) left its entries as they were,
        // plaintext restored: they are encrypted again now, from scratch.
        _pending.Remove(context);
        var pending = new List<Pending>();
        try
        {
            PrivacyDbContextOptionsExtension? services = null;
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is EntityState.Added or EntityState.Modified)
                {
                    Encrypt(context, entry, pending, ref services);
                }
            }
        }
        catch
        {
            // Whatever refused the save (a row or subject that cannot be bound, a column too short), every value
            // already encrypted goes back to plaintext.
            RestoreValues(pending, accepted: false);
            throw;
        }

        if (pending.Count > 0)
        {
            _pending.AddOrUpdate(context, pending);

            // A concurrency failure (an update or delete of a row another context changed) does not reach
            // SaveChangesFailed of interceptors, only the context's own event, raised once nothing more will be written.
            // Subscribed per save: a pooled context clears its events when it goes back to the pool.
            context.SaveChangesFailed -= _onContextSaveFailed;
            context.SaveChangesFailed += _onContextSaveFailed;
        }
    }

    private static void Encrypt(DbContext context, EntityEntry entry, List<Pending> pending, ref PrivacyDbContextOptionsExtension? services)
    {
        var accessors = EncryptedPropertyAccessor.Of(entry.Metadata);
        if (accessors.Length == 0)
        {
            return;
        }

        var rewritten = entry.State == EntityState.Modified ? SubjectGroupsToWrite(entry, accessors, pending) : null;
        foreach (var accessor in accessors)
        {
            var (property, binding) = (accessor.Property, accessor.Binding);
            var value = accessor.EntryOf(entry);
            var wasModified = value.IsModified;
            if (entry.State == EntityState.Modified && !wasModified
                && !(binding == EncryptionBinding.Subject && rewritten!.Contains(accessor.Subject!)))
            {
                continue;
            }

            var blind = property.GetBlindIndex();
            var index = blind is null ? null : entry.Property(blind.PropertyName);
            var previousIndex = index?.CurrentValue;
            switch (value.CurrentValue)
            {
                case byte[] plainBytes:
                {
                    // In memory a binary property always holds plaintext, whatever its first byte: always encrypt.
                    services ??= PrivacyDbContextOptionsExtension.For(context);
                    var fieldContext = EncryptedFieldContexts.For(entry, property, binding);
                    var cipher = new byte[FieldCiphertext.GetCiphertextLength(plainBytes.Length)];
                    CheckColumnLength(context, property, cipher.Length);
                    services.Encryptor.Encrypt(plainBytes, cipher, fieldContext);
                    pending.Add(new Pending(entry, value, plainBytes, wasModified, index, previousIndex));
                    value.CurrentValue = SealedValues.Seal(cipher);
                    EncryptedPropertyMaterializer.Instance.RecordWritten(entry.Entity, property, cipher);
                    break;
                }

                case string plaintext:
                {
                    services ??= PrivacyDbContextOptionsExtension.For(context);
                    var fieldContext = EncryptedFieldContexts.For(entry, property, binding);
                    CheckColumnLength(context, property, FieldCiphertext.GetTextLength(System.Text.Encoding.UTF8.GetByteCount(plaintext)));
                    var cipher = EncryptedText.Encrypt(services.Encryptor, plaintext, fieldContext);
                    pending.Add(new Pending(entry, value, plaintext, wasModified, index, previousIndex));
                    value.CurrentValue = SealedValues.Seal(cipher);
                    EncryptedPropertyMaterializer.Instance.RecordWritten(entry.Entity, property, cipher);
                    if (blind is not null)
                    {
                        // A value the normalizer rejects (not an IIN, say) gets no index: it cannot be found by value.
                        var hash = new byte[blind.Index.Bytes];
                        index!.CurrentValue = services.Indexer.TryCompute(blind.Index, plaintext, hash, out _)
                            ? Base64Url.EncodeToString(hash)
                            : null;
                    }

                    break;
                }

                default:
                    if (index is not null)
                    {
                        index.CurrentValue = null;
                    }

                    break;
            }
        }
    }

    // Subject-bound values are written together with the subject id they are bound to, every one of them: when the id
    // changes they are encrypted again under the new subject, and when one of them changes the id is written too. So a
    // row always holds values bound to the id it holds, even when two contexts edit it at once (the last save wins).
    private static HashSet<IProperty> SubjectGroupsToWrite(EntityEntry entry, EncryptedPropertyAccessor[] accessors, List<Pending> pending)
    {
        var groups = new HashSet<IProperty>();
        foreach (var accessor in accessors)
        {
            if (accessor.Subject is { } subject
                && (accessor.EntryOf(entry).IsModified || EncryptedPropertyAccessor.EntryOf(entry, subject).IsModified))
            {
                groups.Add(subject);
            }
        }

        foreach (var subject in groups)
        {
            var id = EncryptedPropertyAccessor.EntryOf(entry, subject);

            // A subject id that is (part of) the row's key never changes under the row, so there is nothing to write with it.
            if (!id.IsModified && !id.Metadata.IsKey())
            {
                pending.Add(new Pending(entry, id, id.CurrentValue, WasModified: false, Index: null, PreviousIndex: null));
                id.IsModified = true;
            }
        }

        return groups;
    }

    // A column too short for the ciphertext would fail in the database (or, on SQLite, not at all): say why first,
    // without the value itself.
    private static void CheckColumnLength(DbContext context, IProperty property, int needed)
    {
        if (property.GetMaxLength() is not { } max || needed <= max)
        {
            return;
        }

        throw new InvalidOperationException(
            $"The encrypted value of '{property.DeclaringType.DisplayName()}.{property.Name}' needs {needed} {(property.ClrType == typeof(string) ? "characters" : "bytes")} but its column allows {max}. " +
            $"Call HasMaxLength before IsEncrypted() (it is then taken as the plaintext's length and the column widened), or remove it. Context: {context.GetType().Name}.");
    }

    private void Restore(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        context.SaveChangesFailed -= _onContextSaveFailed;
        RestoreValues(pending, accepted: true);
    }

    private static void RestoreValues(List<Pending> pending, bool accepted)
    {
        // Backwards, so a value encrypted twice in one pass (never, but cheaply safe) ends at its first plaintext.
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            var (entry, value, plaintext, wasModified, index, previousIndex) = pending[i];
            var unchanged = entry.State == EntityState.Unchanged;
            value.CurrentValue = plaintext;
            if (accepted && unchanged)
            {
                // Accepted: the snapshot EF took is the ciphertext; the entity stays Unchanged with its plaintext.
                value.OriginalValue = plaintext;
                value.IsModified = false;
            }
            else if (!accepted)
            {
                // Refused before anything was written: the entry is as it was before the save began.
                if (entry.State == EntityState.Modified && !wasModified)
                {
                    value.IsModified = false;
                }

                if (index is not null)
                {
                    index.CurrentValue = previousIndex;
                }
            }

            // Saved but not accepted (SaveChanges(false)): the entry stays Added or Modified, so a retry writes it again.
        }
    }

    private sealed record Pending(EntityEntry Entry, PropertyEntry Value, object? Plaintext, bool WasModified, PropertyEntry? Index, object? PreviousIndex);
}
