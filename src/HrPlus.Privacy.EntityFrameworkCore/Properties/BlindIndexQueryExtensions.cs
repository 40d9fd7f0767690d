using System.Linq.Expressions;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Finds rows by the plaintext value of an encrypted property, through its blind index.</summary>
public static class BlindIndexQueryExtensions
{
    /// <summary>
    /// Filters to the rows whose blind index equals that of <paramref name="value"/>: an indexed equality in SQL.
    /// Short indexes have coincidences, so the result can hold rows with other values; use
    /// <see cref="FindByEncryptedValueAsync"/> for exactly the matching rows.
    /// </summary>
    /// <param name="source">The entity set.</param>
    /// <param name="property">An encrypted property with <c>HasBlindIndex(...)</c>.</param>
    /// <param name="value">The plaintext to look for, in any written form the index's normalization accepts.</param>
    /// <returns>The candidate rows; none when <paramref name="value"/> is not valid for the normalization.</returns>
    /// <exception cref="InvalidOperationException">The property has no blind index, or the context lacks <c>UseHrPlusPrivacy</c>.</exception>
    public static IQueryable<TEntity> WhereBlindIndexMatches<TEntity>(this DbSet<TEntity> source, Expression<Func<TEntity, string?>> property, string value)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(value);
        var (column, services) = Resolve(source, property);
        var index = new byte[column.Index.Bytes];
        if (!services.Indexer.TryCompute(column.Index, value, index, out _))
        {
            return source.Where(_ => false);
        }

        var text = new StrongBoxed(System.Buffers.Text.Base64Url.EncodeToString(index));
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var stored = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], entity, Expression.Constant(column.PropertyName));

        // A member of a constant object is sent as a query parameter, so every lookup shares one cached query plan.
        var parameter = Expression.Field(Expression.Constant(text), nameof(StrongBoxed.Value));
        return source.Where(Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(stored, parameter), entity));
    }

    /// <summary>
    /// Gets exactly the rows whose encrypted <paramref name="property"/> equals <paramref name="value"/> after
    /// normalization: candidates come from the blind index, coincidences are removed after decryption. A candidate that
    /// cannot be decrypted (blocked subject, destroyed key, tampered value) is skipped;
    /// <see cref="SearchByEncryptedValueAsync"/> reports such candidates.
    /// </summary>
    /// <param name="source">The entity set.</param>
    /// <param name="property">An encrypted property with <c>HasBlindIndex(...)</c>.</param>
    /// <param name="value">The plaintext to look for, in any written form the index's normalization accepts.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The matching rows; none when <paramref name="value"/> is not valid for the normalization.</returns>
    public static async Task<List<TEntity>> FindByEncryptedValueAsync<TEntity>(this DbSet<TEntity> source, Expression<Func<TEntity, string?>> property, string value, CancellationToken cancellationToken = default)
        where TEntity : class =>
        [.. (await source.SearchByEncryptedValueAsync(property, value, cancellationToken).ConfigureAwait(false)).Matches];

    /// <summary>
    /// Like <see cref="FindByEncryptedValueAsync"/>, and also says which candidates had to be skipped because they
    /// could not be decrypted, by reason (never by value).
    /// </summary>
    /// <param name="source">The entity set.</param>
    /// <param name="property">An encrypted property with <c>HasBlindIndex(...)</c>.</param>
    /// <param name="value">The plaintext to look for, in any written form the index's normalization accepts.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The matching rows and the reasons of the skipped candidates.</returns>
    /// <remarks>Candidates are loaded together; only when one of them fails are they loaded one by one, by key.</remarks>
    public static async Task<EncryptedValueSearchResult<TEntity>> SearchByEncryptedValueAsync<TEntity>(this DbSet<TEntity> source, Expression<Func<TEntity, string?>> property, string value, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var candidates = source.WhereBlindIndexMatches(property, value);
        var (column, _) = Resolve(source, property);
        var wanted = column.Index.Normalize(value);
        if (wanted is null)
        {
            return new EncryptedValueSearchResult<TEntity>([], []);
        }

        var skipped = new List<FieldDecryptionFailureReason>();
        List<TEntity> loaded;
        try
        {
            loaded = await candidates.ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FieldDecryptionException)
        {
            loaded = await LoadOneByOneAsync(source, candidates, skipped, cancellationToken).ConfigureAwait(false);
        }

        var read = property.Compile();
        return new EncryptedValueSearchResult<TEntity>(
            loaded.Where(c => read(c) is { } plaintext && string.Equals(column.Index.Normalize(plaintext), wanted, StringComparison.Ordinal)).ToList(),
            skipped);
    }

    private static async Task<List<TEntity>> LoadOneByOneAsync<TEntity>(DbSet<TEntity> source, IQueryable<TEntity> candidates, List<FieldDecryptionFailureReason> skipped, CancellationToken cancellationToken)
        where TEntity : class
    {
        var key = source.EntityType.FindPrimaryKey()
            ?? throw new InvalidOperationException($"{source.EntityType.DisplayName()} has no primary key, so its candidates cannot be loaded one by one.");
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var keyValues = Expression.Lambda<Func<TEntity, object[]>>(
            Expression.NewArrayInit(typeof(object), key.Properties.Select(p => Expression.Convert(
                Expression.Call(typeof(EF), nameof(EF.Property), [p.ClrType], entity, Expression.Constant(p.Name)), typeof(object)))),
            entity);
        var keys = await candidates.Select(keyValues).ToListAsync(cancellationToken).ConfigureAwait(false);
        var loaded = new List<TEntity>(keys.Count);
        foreach (var values in keys)
        {
            try
            {
                if (await source.FindAsync(values, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    loaded.Add(found);
                }
            }
            catch (FieldDecryptionException e)
            {
                skipped.Add(e.Reason);
            }
        }

        return loaded;
    }

    private static (BlindIndexColumn Column, PrivacyDbContextOptionsExtension Services) Resolve<TEntity>(DbSet<TEntity> source, Expression<Func<TEntity, string?>> property)
        where TEntity : class
    {
        var context = source.GetService<ICurrentDbContext>().Context;
        var name = (property.Body as MemberExpression)?.Member.Name
            ?? throw new ArgumentException("Pass a property access such as p => p.Iin.", nameof(property));
        var column = context.Model.FindEntityType(typeof(TEntity))?.FindProperty(name)?.GetBlindIndex()
            ?? throw new InvalidOperationException($"'{typeof(TEntity).Name}.{name}' has no blind index: configure it with IsEncrypted().HasBlindIndex(...).");
        return (column, PrivacyDbContextOptionsExtension.For(context));
    }

    private sealed class StrongBoxed(string value)
    {
        public readonly string Value = value;
    }
}
