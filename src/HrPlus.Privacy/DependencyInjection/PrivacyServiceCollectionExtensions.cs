using HrPlus.Privacy;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HrPlus.Privacy in an <see cref="IServiceCollection"/>.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// The name of the default key store's folder, made inside DataProtection's key folder (so it belongs to that key ring
    /// alone). On DataProtection's per-user default folder, which every app of the user shares, the folder is named
    /// <c>HrPlus.Privacy-FieldKeys-</c> followed by 16 hex digits of a hash of the application discriminator. Earlier
    /// releases made a folder of this name beside DataProtection's folder; an app's keys there move on its first start.
    /// </summary>
    public const string DefaultKeyDirectoryName = "HrPlus.Privacy-FieldKeys";

    /// <summary>
    /// Adds HrPlus.Privacy with default options: field encryption, blind indexes and pseudonyms, with keys
    /// wrapped by DataProtection and persisted in a folder inside DataProtection's key folder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add stores and features.</returns>
    /// <remarks>Calls <c>AddDataProtection()</c>, which does nothing when DataProtection is registered already.</remarks>
    public static IPrivacyBuilder AddHrPlusPrivacy(this IServiceCollection services) => services.AddHrPlusPrivacy(null);

    /// <summary>Adds HrPlus.Privacy and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; may be null.</param>
    /// <returns>A builder to add stores and features.</returns>
    public static IPrivacyBuilder AddHrPlusPrivacy(this IServiceCollection services, Action<PrivacyOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDataProtection();
        var options = services.AddOptions<PrivacyOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFieldKeyStore>(CreateDefaultKeyStore);
        services.TryAddSingleton(sp => new HrPlus.Privacy.Diagnostics.PrivacyMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new FieldKeyRing(
            sp.GetRequiredService<IFieldKeyStore>(),
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            Options.Options.Create(sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.Encryption),
            new DeferredLogger(() => (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<FieldKeyRing>()),
            sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>(),
            CreateSubjectKeyEpochs(sp)));
        services.TryAddSingleton<IFieldKeyRing>(sp => sp.GetRequiredService<FieldKeyRing>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, FieldKeyRingStartupCheck>(
            sp => new FieldKeyRingStartupCheck(sp.GetRequiredService<FieldKeyRing>(), sp.GetService<ILogger<FieldKeyRingStartupCheck>>() ?? NullLogger<FieldKeyRingStartupCheck>.Instance)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, DataProtectionPersistenceCheck>(
            sp => new DataProtectionPersistenceCheck(
                sp.GetRequiredService<IDataProtectionProvider>(),
                sp.GetRequiredService<IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(),
                sp.GetService<ILogger<DataProtectionPersistenceCheck>>() ?? NullLogger<DataProtectionPersistenceCheck>.Instance,
                sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>())));
        services.TryAddSingleton<IRootSecretProvider>(sp => new DeferredRootSecretProvider(sp.GetRequiredService<FieldKeyRing>));
        services.TryAddSingleton(sp => new HrPlus.Privacy.Changes.PrivacyChangeDispatcher(
            sp, sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>(), sp.GetService<ILogger<HrPlus.Privacy.Changes.PrivacyChangeDispatcher>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.Changes.MinReloadInterval));
        services.TryAddSingleton(sp => new SubjectBlockList(sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>(), sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>()));
        services.TryAddSingleton<IFieldEncryptor>(sp => new FieldEncryptor(
            sp.GetRequiredService<FieldKeyRing>(),
            sp.GetRequiredService<SubjectBlockList>(),
            sp.GetRequiredService<IOptions<PrivacyOptions>>().Value.Encryption.PerSubjectKeys,
            sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>()));
        services.TryAddSingleton<IBlindIndexer>(sp => new BlindIndexer(sp.GetRequiredService<IRootSecretProvider>()));
        services.TryAddSingleton<IBlindIndexRootRotation>(sp => new BlindIndexRootRotation(sp.GetRequiredService<FieldKeyRing>()));
        services.TryAddSingleton<IPseudonymizer>(sp => new Pseudonymizer(sp.GetRequiredService<IRootSecretProvider>()));
        services.TryAddSingleton<IPolicyStore>(_ => throw MissingStore(nameof(IPolicyStore)));
        services.TryAddSingleton<IConsentLedgerStore>(_ => throw MissingStore(nameof(IConsentLedgerStore)));
        services.TryAddSingleton<IAccessLogStore>(_ => throw MissingStore(nameof(IAccessLogStore)));
        services.TryAddSingleton<IAuditStore>(_ => throw MissingStore(nameof(IAuditStore)));
        services.TryAddSingleton<IBreachStore>(_ => throw MissingStore(nameof(IBreachStore)));
        services.TryAddSingleton<IDisclosureStore>(_ => throw MissingStore(nameof(IDisclosureStore)));
        services.TryAddSingleton<IBlockStore>(_ => throw MissingStore(nameof(IBlockStore)));
        services.TryAddSingleton<IErasureStore>(_ => throw MissingStore(nameof(IErasureStore)));
        services.TryAddSingleton<ISubjectBlocking, SubjectBlocking>();
        services.TryAddSingleton<ISubjectErasure, SubjectErasure>();
        services.TryAddSingleton<ISubjectDataExport, SubjectDataExport>();
        services.TryAddSingleton<IDisclosureLog>(sp => new DisclosureLog(
            sp.GetRequiredService<IDisclosureStore>(), sp.GetRequiredService<IAuditTrail>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IDepersonalizer>(sp => new Depersonalizer(
            sp, new DeferredLogger(() => (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<IDepersonalizer>())));
        services.TryAddSingleton<IBreachRegister>(sp => new BreachRegister(
            sp.GetRequiredService<IBreachStore>(),
            sp.GetServices<IBreachNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.TryAddSingleton<IChainCheckpointSink>(CreateDefaultCheckpointSink);
        services.TryAddSingleton<ISignedTreeHeadSink>(EvidenceRegistration.CreateDefaultTreeHeadSink);
        services.TryAddSingleton(EvidenceRegistration.CreateCheckpointKeyRing);
        services.TryAddSingleton<IHashChainCheckpoints>(sp => new HashChainCheckpoints(
            sp.GetRequiredService<IConsentLedgerStore>(),
            sp.GetRequiredService<IAuditStore>(),
            () => sp.GetRequiredService<IChainCheckpointSink>(),
            () => sp.GetRequiredService<ISignedTreeHeadSink>(),
            sp.GetRequiredService<CheckpointKeyRing>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.TryAddSingleton(sp => new EvidenceProofs(sp.GetRequiredService<IHashChainCheckpoints>(), () => sp.GetRequiredService<ISignedTreeHeadSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.TryAddSingleton(sp => new ChainCheckpointStatus(sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ChainCheckpointJob>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ErasureResumeJob>());
        services.TryAddSingleton<IAuditTrail>(sp => new AuditTrail(
            sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>(),
            sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>(), sp));
        services.TryAddSingleton(sp => new PolicyRegistry(
            sp.GetRequiredService<IPolicyStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        services.TryAddSingleton<IPolicyRegistry>(sp => sp.GetRequiredService<PolicyRegistry>());
        services.TryAddSingleton<IConsentService>(sp => new ConsentService(
            sp.GetRequiredService<IConsentLedgerStore>(),
            sp.GetRequiredService<PolicyRegistry>(),
            sp.GetRequiredService<IPseudonymizer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PrivacyOptions>>(),
            sp.GetRequiredService<SubjectBlockList>(),
            sp.GetRequiredService<HrPlus.Privacy.Diagnostics.PrivacyMetrics>(),
            sp.GetRequiredService<EvidenceProofs>()));
        return new PrivacyBuilder(services);
    }

    private static InvalidOperationException MissingStore(string store) => new(
        $"HrPlus.Privacy has no {store}: consent, policies and logs need a store. Call " +
        "services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TContext>() (package HrPlus.Privacy.EntityFrameworkCore), " +
        "or .UseInMemoryStores() for tests and demos.");

    private static DirectoryCheckpointSink CreateDefaultCheckpointSink(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Audit.CheckpointDirectory;
        if (configured is not null)
        {
            return new DirectoryCheckpointSink(new DirectoryInfo(configured));
        }

        // Like the field keys, the checkpoints belong to one app: inside its DataProtection folder, never in a folder that
        // apps whose key folders sit side by side would share (their logs' checkpoints would overwrite each other).
        try
        {
            return new DirectoryCheckpointSink(DefaultFieldKeyLocation.Resolve(services, "HrPlus.Privacy-Checkpoints").Folder);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                "HrPlus.Privacy cannot find a folder for its checkpoints: set PrivacyOptions.Audit.CheckpointDirectory, or register an IChainCheckpointSink.", ex);
        }
    }

    /// <summary>
    /// The epoch keys that wrap subject keys: in the store registered in code, in the configured folder, or beside the
    /// in-memory field keys. There is no default place: a per-user, machine-local or DataProtection folder would give each
    /// instance epoch keys of its own, or put them in the backups that shredding must outlive. With
    /// <see cref="FieldEncryptionOptions.PerSubjectKeys"/> on and no place named, the key ring does not start.
    /// </summary>
    private static SubjectKeyEpochs? CreateSubjectKeyEpochs(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Encryption;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var dataProtection = services.GetRequiredService<IDataProtectionProvider>();
        IFieldKeyStore store;
        string location;
        if (services.GetService<EpochKeyStoreRegistration>() is { } registered)
        {
            store = registered.Create(services);
            location = registered.Location;
        }
        else if (options.EpochKeyDirectory is { } configured)
        {
            store = new FileSystemFieldKeyStore(new DirectoryInfo(configured), loggers.CreateLogger<FileSystemFieldKeyStore>());
            location = $"the folder {configured} (PrivacyOptions.Encryption.EpochKeyDirectory)";
        }
        else if (services.GetRequiredService<IFieldKeyStore>() is InMemoryFieldKeyStore inMemory)
        {
            store = inMemory.EpochKeys;
            location = "process memory, beside the in-memory field keys";
        }
        else if (options.PerSubjectKeys)
        {
            throw new InvalidOperationException(NoEpochKeyHomeMessage);
        }
        else
        {
            return null;
        }

        return new SubjectKeyEpochs(LockHeldKeyStore.For(store), dataProtection, options) { Location = location };
    }

    internal const string NoEpochKeyHomeMessage =
        "PrivacyOptions.Encryption.PerSubjectKeys is on, but the epoch keys that wrap subject keys have no home. Name one that every " +
        "instance shares, outside the app's database and its backups (kept no longer than BackupRetention): set " +
        "PrivacyOptions.Encryption.EpochKeyDirectory to a shared folder, or register an epoch store in code with " +
        "builder.PersistEpochKeysToDbContext<TEpochContext>() (HrPlus.Privacy.EntityFrameworkCore, a database of its own) or " +
        "builder.UseEpochKeyStore(store). There is no default: a per-user or machine-local folder gives each instance epoch keys of " +
        "its own (values other instances write do not decrypt), and DataProtection's folder goes into the backups that erasure must outlive.";

    private static FileSystemFieldKeyStore CreateDefaultKeyStore(IServiceProvider services)
    {
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<FileSystemFieldKeyStore>();
        var configured = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Encryption.KeyDirectory;
        if (configured is not null)
        {
            return new FileSystemFieldKeyStore(new DirectoryInfo(configured), logger);
        }

        var location = DefaultFieldKeyLocation.Resolve(services, DefaultKeyDirectoryName);
        var store = new FileSystemFieldKeyStore(location.Folder, logger);
        var legacy = new FileSystemFieldKeyStore(location.LegacyFolder, logger);

        // Runs once per start, before the key ring's first read; a no-op once this app's keys have moved.
        LegacyFieldKeyMigration.MoveOwnKeysAsync(legacy, store, services.GetRequiredService<IDataProtectionProvider>(), logger, CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();
        return store;
    }
}
