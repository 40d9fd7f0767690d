using System.Linq.Expressions;
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
    /// normalization: candidates come from the blind index, coincidences are removed after decryption.
    /// </summary>
    /// <param name="source">The entity set.</param>
    /// <param name="property">An encrypted property with <c>HasBlindIndex(...)</c>.</param>
    /// <param name="value">The plaintext to look for, in any written form the index's normalization accepts.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The matching rows; none when <paramref name="value"/> is not valid for the normalization.</returns>
    public static async Task<List<TEntity>> FindByEncryptedValueAsync<TEntity>(this DbSet<TEntity> source, Expression<Func<TEntity, string?>> property, string value, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        var candidates = await source.WhereBlindIndexMatches(property, value).ToListAsync(cancellationToken).ConfigureAwait(false);
        var (column, _) = Resolve(source, property);
        var wanted = column.Index.Normalize(value);
        if (wanted is null)
        {
            return [];
        }

        var read = property.Compile();
        return candidates.Where(c => read(c) is { } plaintext && string.Equals(column.Index.Normalize(plaintext), wanted, StringComparison.Ordinal)).ToList();
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
