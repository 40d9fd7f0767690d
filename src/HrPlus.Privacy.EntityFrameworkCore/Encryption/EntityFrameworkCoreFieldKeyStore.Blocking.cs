using System.Diagnostics;
using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>
/// The synchronous calls the key ring makes while it holds its lock (<see cref="IBlockingFieldKeyStore"/>): the same
/// statements and transactions as the asynchronous ones, run on the caller's thread, so they finish without another
/// thread-pool thread while other threads wait blocked for the lock.
/// </summary>
internal sealed partial class EntityFrameworkCoreFieldKeyStore<TContext>
{
    public IReadOnlyList<FieldKeyRecord> GetAll()
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("keys", "get_all");
        using var scope = scopes.CreateScope();
        return [.. Context(scope.ServiceProvider).Set<FieldKeyEntity>().AsNoTracking().AsEnumerable().Select(ToRecord)];
    }

    public IReadOnlyList<FieldKeyRecord> GetLive(FieldKeyPurpose purpose, string? subjectId)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("keys", "get_live");
        using var scope = scopes.CreateScope();
        return Completed(LiveAsync(Context(scope.ServiceProvider), purpose, subjectId, async: false, CancellationToken.None));
    }

    public FieldKeyRecord? TryAddIfSlotFree(FieldKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var scope = scopes.CreateScope();
        return Completed(TryAddIfSlotFreeCoreAsync(scope.ServiceProvider, key, async: false, CancellationToken.None));
    }

    public bool TryUpdate(FieldKeyRecord key, FieldKeyRecord expected)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expected);
        return Completed(TryUpdateCoreAsync(key, expected, async: false, CancellationToken.None));
    }

    // With async false every call inside is synchronous: the task is complete when it comes back.
    private static T Completed<T>(ValueTask<T> task)
    {
        Debug.Assert(task.IsCompleted, "A synchronous store call completes before it returns.");
        return task.GetAwaiter().GetResult();
    }
}
