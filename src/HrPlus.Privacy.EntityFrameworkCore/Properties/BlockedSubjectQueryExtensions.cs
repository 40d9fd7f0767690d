using System.ComponentModel;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Lists that leave blocked subjects out, so one blocked pupil does not break everyone's page.</summary>
public static class BlockedSubjectQueryExtensions
{
    private static readonly MethodInfo FilterMethod = typeof(BlockedSubjectQueryExtensions).GetMethod(nameof(Filter), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Leaves out, in SQL, the rows of subjects that are blocked now: the rows whose subject property (the one the
    /// entity's <see cref="EncryptionBinding.Subject"/>-bound properties name) holds a blocked subject's id. Use it for
    /// lists and searches over many subjects; loading a blocked subject's row by itself still throws
    /// <see cref="FieldDecryptionException"/> with <see cref="FieldDecryptionFailureReason.SubjectBlocked"/>.
    /// </summary>
    /// <remarks>
    /// The blocked set is this instance's (see <c>ISubjectBlocking.IsBlocked</c>): another instance's block is left out
    /// here within <c>PrivacyOptions.Consent.CacheDuration</c>; until then such a row still fails to load.
    /// </remarks>
    /// <param name="source">The entity set.</param>
    /// <returns>The query without blocked subjects' rows.</returns>
    /// <exception cref="InvalidOperationException">
    /// The entity has no property encrypted with a subject binding, or the context lacks <c>UseHrPlusPrivacy(serviceProvider)</c>.
    /// </exception>
    public static IQueryable<TEntity> WhereSubjectNotBlocked<TEntity>(this DbSet<TEntity> source)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var context = source.GetService<ICurrentDbContext>().Context;
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"'{typeof(TEntity).Name}' is not in the model.");
        var subjectProperties = entityType.GetProperties()
            .Where(p => p.GetEncryption() == EncryptionBinding.Subject && p.GetSubjectProperty() is not null)
            .Select(p => entityType.FindProperty(p.GetSubjectProperty()!)!)
            .Distinct()
            .ToList();
        if (subjectProperties.Count == 0)
        {
            throw new InvalidOperationException(
                $"'{typeof(TEntity).Name}' has no property encrypted with a subject binding: WhereSubjectNotBlocked needs IsEncrypted(EncryptionBinding.Subject, subjectProperty).");
        }

        var blocked = PrivacyDbContextOptionsExtension.For(context).Blocks.BlockedSubjects();
        IQueryable<TEntity> query = source;
        foreach (var property in subjectProperties)
        {
            query = (IQueryable<TEntity>)FilterMethod.MakeGenericMethod(typeof(TEntity), property.ClrType).Invoke(null, [query, property.Name, blocked])!;
        }

        return query;
    }

    private static IQueryable<TEntity> Filter<TEntity, TKey>(IQueryable<TEntity> query, string property, IReadOnlyCollection<string> blocked)
    {
        // The ids in the property's own type (a Guid key, say), formatted the way subject contexts format them.
        var converter = TypeDescriptor.GetConverter(typeof(TKey));
        var keys = new List<TKey>(blocked.Count);
        foreach (var id in blocked)
        {
            try
            {
                if (converter.ConvertFromInvariantString(id) is TKey key && string.Equals(Convert.ToString(key, CultureInfo.InvariantCulture), id, StringComparison.Ordinal))
                {
                    keys.Add(key);
                }
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
            {
                // An id no value of this type formats to: no row can be that subject's.
            }
        }

        var holder = new KeyList<TKey>(keys);
        var entity = Expression.Parameter(typeof(TEntity), "e");
        var value = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], entity, Expression.Constant(property));

        // A member of a constant object is sent as a query parameter, so every call shares one cached query plan.
        var list = Expression.Field(Expression.Constant(holder), nameof(KeyList<TKey>.Keys));
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], list, value);
        return query.Where(Expression.Lambda<Func<TEntity, bool>>(Expression.Not(contains), entity));
    }

    private sealed class KeyList<TKey>(List<TKey> keys)
    {
        public readonly List<TKey> Keys = keys;
    }
}
