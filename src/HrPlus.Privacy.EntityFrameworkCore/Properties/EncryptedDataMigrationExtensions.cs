using System.Linq.Expressions;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Encrypts existing plaintext columns and moves values to the current key after a rotation.</summary>
public static class EncryptedDataMigrationExtensions
{
    /// <summary>
    /// Brings every encrypted property of <typeparamref name="TEntity"/> to the current key, in batches: plaintext
    /// values (left from before the property was encrypted) are encrypted, and values under older keys are
    /// re-encrypted. Values already under the current key are not touched.
    /// </summary>
    /// <remarks>
    /// <para>Resumable and idempotent: each batch selects only rows that still need work, so a run that is stopped
    /// and started again goes on where it stopped, and no value is encrypted twice. Each batch is saved in its own
    /// transaction.</para>
    /// <para>The context must be configured with <c>UseHrPlusPrivacy(serviceProvider)</c>. Use a fresh context
    /// for the run: the change tracker is cleared after each batch.</para>
    /// </remarks>
    /// <param name="context">The app's context.</param>
    /// <param name="batchSize">Rows per batch and transaction; default 1,000.</param>
    /// <param name="progress">Told after each batch.</param>
    /// <param name="cancellationToken">Stops between batches; finished batches stay saved.</param>
    /// <returns>The totals of the run.</returns>
    public static async Task<EncryptionMigrationProgress> MigrateEncryptedDataAsync<TEntity>(
        this DbContext context,
        int batchSize = 1000,
        IProgress<EncryptionMigrationProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _ = PrivacyDbContextOptionsExtension.For(context);
        var interceptor = EncryptedPropertyMaterializer.Instance;
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not an entity of {context.GetType().Name}.");
        ThrowIfNested(entityType);
        var properties = entityType.GetProperties().Where(p => p.GetEncryption() is not null).ToList();
        if (properties.Count == 0)
        {
            throw new InvalidOperationException($"{typeof(TEntity).Name} has no encrypted properties: mark them with IsEncrypted() or [Encrypted].");
        }

        var counts = new Counts();

        // Changes are marked explicitly below; automatic detection would only rescan every tracked entity.
        var autoDetect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await MigrateCoreAsync<TEntity>(context, interceptor, entityType, properties, batchSize, counts, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    // The pages are queried and filtered over the entity's own columns: an encrypted value the run would not reach
    // (inside a complex or owned type, or declared on a derived type) is refused up front rather than left as it is.
    private static void ThrowIfNested(IEntityType entityType)
    {
        if (EncryptedPropertyAccessor.EncryptedProperties(entityType).FirstOrDefault(p => p.DeclaringType is IComplexType) is { } inComplex)
        {
            throw new InvalidOperationException(
                $"MigrateEncryptedDataAsync cannot migrate '{EncryptedShapes.Describe(inComplex)}': it is inside a complex type, and the migration reads and filters only the entity's own columns, so nothing was migrated. " +
                "Load the entities and save them (SaveChanges encrypts every value under the current key), with AcceptLegacyPlaintext() on the property while plaintext remains.");
        }

        if (entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).SelectMany(n => EncryptedPropertyAccessor.EncryptedProperties(n.TargetEntityType)).FirstOrDefault() is { } inOwned)
        {
            throw new InvalidOperationException(
                $"MigrateEncryptedDataAsync cannot migrate '{EncryptedShapes.Describe(inOwned)}': it is inside an owned type, and the migration reads and filters only the entity's own columns, so nothing was migrated. " +
                "Load the entities and save them (SaveChanges encrypts every value under the current key), with AcceptLegacyPlaintext() on the property while plaintext remains.");
        }

        if (entityType.GetDerivedTypes().SelectMany(t => t.GetDeclaredProperties()).FirstOrDefault(p => p.GetEncryption() is not null) is { } derived)
        {
            throw new InvalidOperationException(
                $"MigrateEncryptedDataAsync<{entityType.ClrType.Name}> cannot migrate '{EncryptedShapes.Describe(derived)}': it is declared on the derived type '{derived.DeclaringType.ClrType.Name}', whose columns a query over the base type does not filter, so nothing was migrated. " +
                "Migrate each concrete type instead (MigrateEncryptedDataAsync<T> with T the derived type): that covers the properties it inherits too.");
        }
    }

    private static async Task<EncryptionMigrationProgress> MigrateCoreAsync<TEntity>(
        DbContext context,
        EncryptedPropertyMaterializer interceptor,
        IEntityType entityType,
        List<IProperty> properties,
        int batchSize,
        Counts counts,
        IProgress<EncryptionMigrationProgress>? progress,
        CancellationToken cancellationToken)
        where TEntity : class
    {
        var keySelector = KeySelector<TEntity>(entityType);
        var keyProperty = entityType.FindPrimaryKey()!.Properties[0];

        // Text columns are filtered in SQL to the rows that still need work (plaintext or another key's prefix).
        // Binary columns cannot be filtered by prefix portably: then every row is visited once in key order, and
        // values already under the current key are left as they are.
        var fullScan = properties.Exists(p => p.ClrType == typeof(byte[]));

        // Pages continue after the last key seen (an index range scan each), so the cost of a batch does not grow with
        // the rows already done. Keys without an ordered comparison EF can translate fall back to offsets.
        var keyset = Keyset<TEntity>.TryCreate(keyProperty);
        long offset = 0;
        using var recording = interceptor.RecordStoredValues();
        var encryptor = PrivacyDbContextOptionsExtension.For(context).Encryptor;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IQueryable<TEntity> source = context.Set<TEntity>();
            var prefixes = CurrentKeyPrefixes(encryptor);
            if (!fullScan)
            {
                source = source.Where(NeedsWork<TEntity>(properties, prefixes));
            }

            List<TEntity> batch;
            try
            {
                batch = await Page(source, keySelector, keyset, offset, batchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FieldDecryptionException)
            {
                // Some row in this page cannot be decrypted: go row by row. A failed row is stepped over (by key, or
                // by offset: failed rows stay in the filtered set, before every unprocessed row in key order).
                context.ChangeTracker.Clear();
                var visited = 0;
                for (var i = 0; i < batchSize; i++)
                {
                    var one = Page(source, keySelector, keyset, offset, 1);
                    try
                    {
                        var row = await one.ToListAsync(cancellationToken).ConfigureAwait(false);
                        if (row.Count == 0)
                        {
                            break;
                        }

                        visited++;
                        keyset?.Advance(context.Entry(row[0]).Property(keyProperty).CurrentValue);
                        Mark(context, interceptor, encryptor, row, properties, counts);
                        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        offset += fullScan ? 1 : StillSelected(interceptor, row, properties, prefixes);
                        context.ChangeTracker.Clear();
                    }
                    catch (FieldDecryptionException)
                    {
                        context.ChangeTracker.Clear();
                        counts.Failed++;
                        visited++;
                        offset++;
                        if (keyset is not null)
                        {
                            // The row did not materialize: read its key alone to step over it.
                            keyset.Advance(await KeyOfFirstAsync(source, keySelector, keyset, keyProperty, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }

                if (visited == 0)
                {
                    break;
                }

                progress?.Report(counts.ToProgress(entityType));
                continue;
            }

            if (batch.Count == 0)
            {
                break;
            }

            keyset?.Advance(context.Entry(batch[^1]).Property(keyProperty).CurrentValue);
            Mark(context, interceptor, encryptor, batch, properties, counts);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            offset += fullScan ? batch.Count : StillSelected(interceptor, batch, properties, prefixes);
            context.ChangeTracker.Clear();
            progress?.Report(counts.ToProgress(entityType));
        }

        return counts.ToProgress(entityType);
    }

    // Rows that are done but still match the SQL filter (values under a subject's own key, which never has the current
    // key's prefix) are stepped over by offset, so a run always ends and does not read them again.
    private static int StillSelected<TEntity>(EncryptedPropertyMaterializer interceptor, List<TEntity> rows, List<IProperty> properties, string[] prefixes)
        where TEntity : class =>
        rows.Count(row => properties.Exists(p => interceptor.StoredValue(row, p) is string stored && !Array.Exists(prefixes, prefix => stored.StartsWith(prefix, StringComparison.Ordinal))));

    private static void Mark<TEntity>(DbContext context, EncryptedPropertyMaterializer interceptor, IFieldEncryptor encryptor, List<TEntity> batch, List<IProperty> properties, Counts counts)
        where TEntity : class
    {
        foreach (var entity in batch)
        {
            var entry = context.Entry(entity);
            var changed = false;
            foreach (var property in properties)
            {
                var value = entry.Property(property);
                if (value.CurrentValue is not (string or byte[]))
                {
                    continue;
                }

                var stored = interceptor.StoredValue(entity, property);
                var wasCiphertext = stored switch
                {
                    string text => FieldCiphertext.IsEncrypted(text),
                    byte[] bytes => FieldCiphertext.IsEncrypted(bytes),
                    _ => false,
                };
                var current = stored switch
                {
                    string text => encryptor.IsUnderCurrentKey(text),
                    byte[] bytes => encryptor.IsUnderCurrentKey(bytes),
                    _ => false,
                };
                if (wasCiphertext && current)
                {
                    continue;
                }

                // Marked modified, the save interceptor encrypts the plaintext under the current key.
                value.IsModified = true;
                changed = true;
                if (wasCiphertext)
                {
                    counts.Reencrypted++;
                }
                else
                {
                    counts.Encrypted++;
                }
            }

            if (changed)
            {
                counts.Updated++;
            }
        }
    }

    /// <summary>The four text prefixes of a value under the current key: "hp1." and 7 base64url characters.</summary>
    private static string[] CurrentKeyPrefixes(IFieldEncryptor encryptor)
    {
        // Characters 1-6 hold the version byte and the first 28 bits of the key id; the 7th holds the key id's last
        // 4 bits and the top 2 bits of the random nonce, so it takes one of four values.
        var probe = encryptor.Encrypt(string.Empty, FieldContext.For("HrPlus", "KeyProbe"));
        Span<byte> header = stackalloc byte[6];
        System.Buffers.Text.Base64Url.DecodeFromChars(probe.AsSpan(FieldCiphertext.TextPrefix.Length, 8), header);
        var prefixes = new string[4];
        Span<char> chars = stackalloc char[8];
        for (var top = 0; top < 4; top++)
        {
            header[5] = (byte)(top << 6);
            System.Buffers.Text.Base64Url.EncodeToChars(header, chars);
            // Sealed: the column guard lets them through as the values the filter compares with.
            prefixes[top] = SealedValues.Seal(FieldCiphertext.TextPrefix + new string(chars[..7]));
        }

        return prefixes;
    }

    private static Expression<Func<TEntity, bool>> NeedsWork<TEntity>(List<IProperty> properties, string[] prefixes)
    {
        var entity = Expression.Parameter(typeof(TEntity), "e");
        // substr(column, 1, 11) = prefix: case-sensitive on every engine (SQLite's LIKE is not), and the prefix reaches
        // the column guard as the sealed instance itself.
        var substring = typeof(string).GetMethod(nameof(string.Substring), [typeof(int), typeof(int)])!;
        Expression? any = null;
        foreach (var property in properties)
        {
            var value = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], entity, Expression.Constant(property.Name));
            Expression current = Expression.Equal(value, Expression.Constant(null, typeof(string)));
            foreach (var prefix in prefixes)
            {
                var start = Expression.Call(value, substring, Expression.Constant(0), Expression.Constant(prefix.Length));
                current = Expression.OrElse(current, Expression.Equal(start, Expression.Constant(prefix)));
            }

            var needs = Expression.Not(current);
            any = any is null ? needs : Expression.OrElse(any, needs);
        }

        return Expression.Lambda<Func<TEntity, bool>>(any!, entity);
    }

    private static IQueryable<TEntity> Page<TEntity>(IQueryable<TEntity> source, Expression<Func<TEntity, object>> keySelector, Keyset<TEntity>? keyset, long offset, int size)
        where TEntity : class =>
        keyset is null
            ? source.OrderBy(keySelector).Skip(checked((int)offset)).Take(size)
            : keyset.After(source).OrderBy(keySelector).Take(size);

    private static async Task<object?> KeyOfFirstAsync<TEntity>(IQueryable<TEntity> source, Expression<Func<TEntity, object>> keySelector, Keyset<TEntity> keyset, IProperty keyProperty, CancellationToken cancellationToken)
        where TEntity : class
    {
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var key = Expression.Lambda<Func<TEntity, object>>(
            Expression.Convert(Expression.Call(typeof(EF), nameof(EF.Property), [keyProperty.ClrType], entity, Expression.Constant(keyProperty.Name)), typeof(object)),
            entity);
        return await keyset.After(source).OrderBy(keySelector).Select(key).FirstAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Expression<Func<TEntity, object>> KeySelector<TEntity>(IEntityType entityType)
    {
        var key = entityType.FindPrimaryKey()?.Properties is [var single] ? single
            : throw new InvalidOperationException($"{entityType.DisplayName()} needs a single-column primary key to be migrated in batches.");
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var value = Expression.Call(typeof(EF), nameof(EF.Property), [key.ClrType], entity, Expression.Constant(key.Name));
        return Expression.Lambda<Func<TEntity, object>>(Expression.Convert(value, typeof(object)), entity);
    }

    private sealed class Counts
    {
        public long Updated;
        public long Encrypted;
        public long Reencrypted;
        public long Failed;

        public EncryptionMigrationProgress ToProgress(IEntityType entityType) =>
            new(entityType.DisplayName(), Updated, Encrypted, Reencrypted, Failed);
    }

    /// <summary>A <c>key &gt; last</c> filter over a single-column key whose order EF Core can compare in SQL.</summary>
    private sealed class Keyset<TEntity>
        where TEntity : class
    {
        private readonly Func<object?, Expression<Func<TEntity, bool>>> _after;
        private object? _last;

        private Keyset(Func<object?, Expression<Func<TEntity, bool>>> after) => _after = after;

        public static Keyset<TEntity>? TryCreate(IProperty key)
        {
            var type = key.ClrType;
            var numeric = type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(decimal);
            if (!numeric && type != typeof(string))
            {
                // Guid (and other) keys have no ordered comparison EF Core translates on every provider: page by offset.
                return null;
            }

            return new Keyset<TEntity>(last =>
            {
                var entity = Expression.Parameter(typeof(TEntity), "e");
                var value = Expression.Call(typeof(EF), nameof(EF.Property), [type], entity, Expression.Constant(key.Name));
                var box = Activator.CreateInstance(typeof(System.Runtime.CompilerServices.StrongBox<>).MakeGenericType(type), last)!;
                var parameter = Expression.Field(Expression.Constant(box), "Value");
                Expression greater = numeric
                    ? Expression.GreaterThan(value, parameter)
                    : Expression.GreaterThan(
                        Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, value, parameter),
                        Expression.Constant(0));
                return Expression.Lambda<Func<TEntity, bool>>(greater, entity);
            });
        }

        public IQueryable<TEntity> After(IQueryable<TEntity> source) => _last is null ? source : source.Where(_after(_last));

        public void Advance(object? last) => _last = last;
    }
}
