using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>The query endings the EF Core stores share.</summary>
internal static class StoreQueries
{
    /// <summary>Runs <paramref name="rows"/> and maps every row, in the query's order.</summary>
    public static async ValueTask<IReadOnlyList<T>> MapToListAsync<TEntity, T>(this IQueryable<TEntity> rows, Func<TEntity, T> map, CancellationToken cancellationToken)
    {
        var list = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(map)];
    }
}
