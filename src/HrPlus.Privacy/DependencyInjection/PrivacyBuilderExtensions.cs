using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures where HrPlus.Privacy keeps its keys.</summary>
public static class PrivacyBuilderExtensions
{
    /// <summary>
    /// Keeps field keys in <paramref name="store"/> instead of the default file-system store, e.g. a database
    /// store shared by every instance of the app.
    /// </summary>
    public static IPrivacyBuilder UseFieldKeyStore(this IPrivacyBuilder builder, IFieldKeyStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>Keeps field keys in a store resolved from the container as <typeparamref name="TStore"/>.</summary>
    public static IPrivacyBuilder UseFieldKeyStore<TStore>(this IPrivacyBuilder builder)
        where TStore : class, IFieldKeyStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IFieldKeyStore>(sp => sp.GetRequiredService<TStore>()));
        return builder;
    }

    /// <summary>
    /// Keeps field keys as files in <paramref name="directory"/> (one JSON file per key, wrapped by DataProtection), for
    /// example after <c>UseEntityFrameworkCoreStores</c> to keep the keys out of the database and its backups: erasing
    /// a subject with per-subject keys then leaves nothing in a restored database backup that could decrypt their data.
    /// Several instances share keys when they share the folder.
    /// </summary>
    public static IPrivacyBuilder PersistFieldKeysToFileSystem(this IPrivacyBuilder builder, DirectoryInfo directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(directory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IFieldKeyStore>(sp => new FileSystemFieldKeyStore(
            directory, (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<FileSystemFieldKeyStore>())));
        return builder;
    }

    /// <summary>
    /// Keeps field keys in process memory: they vanish when the process ends, and so does every value encrypted
    /// with them. For tests and demos only.
    /// </summary>
    public static IPrivacyBuilder UseInMemoryFieldKeys(this IPrivacyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IFieldKeyStore>(new InMemoryFieldKeyStore()));
        return builder;
    }

    /// <summary>
    /// Keeps policy versions, the consent ledger, the access log, the audit trail, the breach register, the disclosure log, subject blocks and erasures in process memory: everything is lost when the process ends.
    /// For tests and demos only; use <c>UseEntityFrameworkCoreStores&lt;TContext&gt;()</c> in an app.
    /// </summary>
    public static IPrivacyBuilder UseInMemoryStores(this IPrivacyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPolicyStore>(new InMemoryPolicyStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IConsentLedgerStore>(new InMemoryConsentLedgerStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAccessLogStore>(new InMemoryAccessLogStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuditStore>(new InMemoryAuditStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBreachStore>(new InMemoryBreachStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDisclosureStore>(new InMemoryDisclosureStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBlockStore>(new InMemoryBlockStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IErasureStore>(new InMemoryErasureStore()));
        builder.Services.Replace(ServiceDescriptor.Singleton(new HrPlus.Privacy.Audit.DatabaseTreeHeadSinkFactory(_ => new HrPlus.Privacy.Audit.InMemoryTreeHeadSink())));
        return builder;
    }
}
