using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.EntityFrameworkCore.AccessLog;
using HrPlus.Privacy.EntityFrameworkCore.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Breaches;
using HrPlus.Privacy.EntityFrameworkCore.Disclosures;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.EntityFrameworkCore.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores HrPlus.Privacy data with Entity Framework Core.</summary>
public static class PrivacyEntityFrameworkCoreBuilderExtensions
{
    /// <summary>
    /// Keeps field keys, policy versions, the consent ledger, the access log, the audit trail, the breach register and the disclosure log in <typeparamref name="TContext"/>,
    /// which must be registered with <c>AddDbContext</c> and call <c>modelBuilder.UseHrPlusPrivacy()</c> in
    /// <c>OnModelCreating</c>. Use SQLite for a single instance and PostgreSQL when several instances share
    /// one database.
    /// </summary>
    /// <remarks>
    /// On PostgreSQL every committed change to keys, blocks, erasures, policies and consents is published with
    /// <c>NOTIFY</c>, and a hosted service keeps one connection per instance that <c>LISTEN</c>s and reloads the matching
    /// cache, so other instances see the change within about a second (the host must run hosted services, as every
    /// ASP.NET Core and generic host does). On other providers instances poll.
    /// </remarks>
    public static IPrivacyBuilder UseEntityFrameworkCoreStores<TContext>(this IPrivacyBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IFieldKeyStore, EntityFrameworkCoreFieldKeyStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IPolicyStore, EntityFrameworkCorePolicyStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IConsentLedgerStore, EntityFrameworkCoreConsentLedgerStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IAccessLogStore, EntityFrameworkCoreAccessLogStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditStore, EntityFrameworkCoreAuditStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IBreachStore, EntityFrameworkCoreBreachStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IDisclosureStore, EntityFrameworkCoreDisclosureStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<HrPlus.Privacy.Audit.IStoreTransactions, HrPlus.Privacy.EntityFrameworkCore.Storage.EntityFrameworkCoreStoreTransactions<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<HrPlus.Privacy.Subjects.IBlockStore, HrPlus.Privacy.EntityFrameworkCore.Subjects.EntityFrameworkCoreBlockStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<HrPlus.Privacy.Subjects.IErasureStore, HrPlus.Privacy.EntityFrameworkCore.Subjects.EntityFrameworkCoreErasureStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton(new HrPlus.Privacy.Audit.DatabaseTreeHeadSinkFactory(
            sp => new HrPlus.Privacy.EntityFrameworkCore.Audit.EntityFrameworkCoreTreeHeadSink<TContext>(sp.GetRequiredService<IServiceScopeFactory>()))));
        builder.Services.TryAddSingleton(sp => new HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications(
            sp.GetService<Microsoft.Extensions.Logging.ILogger<HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeListener<TContext>>());
        return builder;
    }

    /// <summary>
    /// Keeps the epoch keys that wrap subject keys (<see cref="FieldEncryptionOptions.PerSubjectKeys"/>) in the table
    /// <c>hrplus_epoch_keys</c> of <typeparamref name="TContext"/>: a context of its own, registered with <c>AddDbContext</c>
    /// on a connection string of its own (a small key database whose backups are kept no longer than
    /// <see cref="FieldEncryptionOptions.BackupRetention"/>), whose <c>OnModelCreating</c> calls
    /// <c>modelBuilder.UseHrPlusPrivacyEpochKeys()</c>. SQLite or PostgreSQL.
    /// </summary>
    /// <remarks>
    /// Choose it over <see cref="FieldEncryptionOptions.EpochKeyDirectory"/> when the instances share no folder (containers
    /// on several machines). Writes are single conditional statements and the epoch that every instance wraps under is made
    /// by one serialized insert, as in the field-key store. The epoch database must not be the app's database: a backup of
    /// it restores erased subjects' epoch keys, so it must expire with the backup retention.
    /// </remarks>
    public static IPrivacyBuilder PersistEpochKeysToDbContext<TContext>(this IPrivacyBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(new EpochKeyStoreRegistration(
            sp => new EntityFrameworkCoreFieldKeyStore<TContext>(sp.GetRequiredService<IServiceScopeFactory>(), null) { ForEpochKeys = true },
            $"the database of {typeof(TContext).Name} (PersistEpochKeysToDbContext)")));
        return builder;
    }
}
