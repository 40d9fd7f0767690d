using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Encryption;

/// <summary>
/// Resolves the context of <c>PersistEpochKeysToDbContext</c> and checks that it maps the epoch-key table, so a context
/// that forgot <c>modelBuilder.UseHrPlusPrivacyEpochKeys()</c>, or the app's main context, fails with what to do.
/// </summary>
internal static class EpochKeyContext
{
    internal const string TableName = "hrplus_epoch_keys";

    public static TContext Get<TContext>(IServiceProvider services)
        where TContext : DbContext
    {
        var context = services.GetRequiredService<TContext>();
        if (context.Model.FindEntityType(typeof(FieldKeyEntity)) is not { } entity || entity.GetTableName() != TableName)
        {
            throw new InvalidOperationException(
                $"PersistEpochKeysToDbContext<{typeof(TContext).Name}>() needs a context of its own, on a database of its own (a small key database " +
                $"whose backups are kept no longer than BackupRetention), whose OnModelCreating calls modelBuilder.UseHrPlusPrivacyEpochKeys() " +
                $"and nothing of UseHrPlusPrivacy(); then create its table (a migration, or Database.EnsureCreated()).");
        }

        return context;
    }
}
