using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Writes a signed checkpoint of each hash-chained log to the <see cref="IChainCheckpointSink"/> at start-up and every
/// <see cref="AuditOptions.CheckpointInterval"/>, after verifying the log against the previous one. Without a key it
/// says so once and does nothing; no failure of it ever stops the host.
/// </summary>
internal sealed class ChainCheckpointJob(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options) : BackgroundService
{
    private readonly ILogger _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ChainCheckpointJob>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var audit = options.Value.Audit;
        if (audit.CheckpointKey is null)
        {
            CheckpointLog.NoKey(_logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(audit.CheckpointInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: for each log, verify against the latest checkpoint and write a new one.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var log in new[] { HashChainedLog.ConsentLedger, HashChainedLog.AuditTrail })
        {
            var name = ChainCheckpoint.NameOf(log);
            try
            {
                var checkpoints = services.GetRequiredService<IHashChainCheckpoints>();
                var sink = services.GetRequiredService<IChainCheckpointSink>();
                var verified = await checkpoints.VerifyAgainstLatestAsync(log, cancellationToken).ConfigureAwait(false);
                services.GetService<ChainCheckpointStatus>()?.Verified(name, verified.IsIntact);
                if (!verified.IsIntact)
                {
                    CheckpointLog.Broken(_logger, name, verified.Break, verified.FirstBrokenPosition);
                    continue;
                }

                var checkpoint = await checkpoints.CreateAsync(log, cancellationToken).ConfigureAwait(false);
                await sink.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
                services.GetService<ChainCheckpointStatus>()?.CheckpointWritten();
                CheckpointLog.Written(_logger, name, checkpoint.Sequence);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A store that is down, a full disk: logged, tried again next time, never fatal to the host.
                CheckpointLog.Failed(_logger, name, ex);
            }
        }
    }
}
