using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>How <c>AddHrPlusPrivacy</c> makes the evidence services: where checkpoints go and the checkpoint keys.</summary>
internal static class EvidenceRegistration
{
    /// <summary>The folder of this app's checkpoints inside DataProtection's key folder, when none is configured.</summary>
    public const string DefaultCheckpointDirectoryName = "HrPlus.Privacy-Checkpoints";

    /// <summary>
    /// The configured folder; else the folder of the obsolete HMAC sink when that is the default one; else a folder of this
    /// app inside DataProtection's key folder; else a table beside the logs (registered by a store package, with a
    /// start-up warning). A host never fails to start for want of a folder: without any of them the job reports each round.
    /// </summary>
    public static ISignedTreeHeadSink CreateDefaultTreeHeadSink(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.Audit.CheckpointDirectory;
        if (configured is not null)
        {
            return services.GetService<IChainCheckpointSink>() is DirectoryCheckpointSink same && same.Directory.FullName == new DirectoryInfo(configured).FullName
                ? same
                : new DirectoryCheckpointSink(new DirectoryInfo(configured));
        }

        InvalidOperationException? noFolder = null;
        if (services.GetService<IDataProtectionProvider>() is not EphemeralDataProtectionProvider)
        {
            try
            {
                return new DirectoryCheckpointSink(DefaultFieldKeyLocation.Resolve(services, DefaultCheckpointDirectoryName).Folder);
            }
            catch (InvalidOperationException ex)
            {
                noFolder = ex;
            }
        }

        // Ephemeral DataProtection keys, or DataProtection in a database: no folder of this app outlives it.
        if (services.GetService<DatabaseTreeHeadSinkFactory>() is { } database)
        {
            CheckpointLog.CheckpointsInDatabase(Logger(services));
            return database.Create(services);
        }

        throw new InvalidOperationException(
            "HrPlus.Privacy has no place for its checkpoints: set PrivacyOptions.Audit.CheckpointDirectory, register an ISignedTreeHeadSink, or use a store package that keeps them in a table.", noFolder);
    }

    public static CheckpointKeyRing CreateCheckpointKeyRing(IServiceProvider services) => new(
        services.GetRequiredService<IFieldKeyStore>(),
        services.GetRequiredService<IDataProtectionProvider>(),
        services.GetRequiredService<TimeProvider>(),
        Logger(services));

    private static ILogger Logger(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ChainCheckpointJob>();
}

/// <summary>Registered by a store package that can keep signed tree heads in a table beside the logs (the last resort).</summary>
/// <param name="Create">Makes the table sink.</param>
internal sealed record DatabaseTreeHeadSinkFactory(Func<IServiceProvider, ISignedTreeHeadSink> Create);
