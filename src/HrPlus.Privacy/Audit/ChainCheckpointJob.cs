using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Writes a signed tree head of each hash-chained log to the <see cref="ISignedTreeHeadSink"/> at start-up and every
/// <see cref="AuditOptions.CheckpointInterval"/> when the log grew (an unchanged log once a day), each made from the read
/// that verified the log against the previous head. A log that does not extend the previous head is refused: a critical
/// log event, the health check unhealthy, nothing written. No failure of it ever stops the host.
/// </summary>
internal sealed class ChainCheckpointJob(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options) : BackgroundService
{
    /// <summary>How often an unchanged log is signed again, so a reader can tell a quiet log from a stopped job.</summary>
    internal static readonly TimeSpan Heartbeat = TimeSpan.FromDays(1);

    private readonly ILogger _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ChainCheckpointJob>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var audit = options.Value.Audit;
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

    /// <summary>One round: for each log, verify against the latest checkpoint and, from the same read, write a new one.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var log in new[] { HashChainedLog.ConsentLedger, HashChainedLog.AuditTrail })
        {
            var name = ChainCheckpoint.NameOf(log);
            var status = services.GetService<ChainCheckpointStatus>();
            try
            {
                var checkpoints = services.GetRequiredService<IHashChainCheckpoints>();
                var sink = services.GetRequiredService<ISignedTreeHeadSink>();
                SignedTreeHead? head;
                if (checkpoints is HashChainCheckpoints own)
                {
                    var outcome = await own.CheckpointAsync(log, Heartbeat, cancellationToken).ConfigureAwait(false);
                    head = outcome.Head;
                    if ((outcome.Head ?? outcome.Previous) is { } read)
                    {
                        status?.Observed(name, read.TreeSize);
                    }
                }
                else
                {
                    head = await checkpoints.CreateTreeHeadAsync(log, cancellationToken).ConfigureAwait(false);
                    status?.Observed(name, head.TreeSize);
                }

                if (head is not null)
                {
                    await sink.WriteAsync(head, cancellationToken).ConfigureAwait(false);
                    CheckpointLog.TreeHeadWritten(_logger, name, head.TreeSize, head.KeyId);
                }

#pragma warning disable CS0618 // Hosts that still set the HMAC key keep getting HMAC checkpoints beside the signed tree heads.
                if (options.Value.Audit.CheckpointKey is not null)
#pragma warning restore CS0618
                {
                    var legacy = await checkpoints.CreateAsync(log, cancellationToken).ConfigureAwait(false);
                    await services.GetRequiredService<IChainCheckpointSink>().WriteAsync(legacy, cancellationToken).ConfigureAwait(false);
                    CheckpointLog.Written(_logger, name, legacy.Sequence);
                }

                status?.Verified(name, intact: true);
                if (head is not null)
                {
                    status?.CheckpointWritten();
                }
            }
            catch (CheckpointRefusedException refused)
            {
                status?.Verified(name, intact: false);
                var broken = refused.Verification;
                if (broken.Break is ChainBreak.Edited or ChainBreak.Missing or ChainBreak.Relinked)
                {
                    // The chain itself is broken: the event operators' alerts have known since the first release.
                    CheckpointLog.Broken(_logger, name, broken.Break, broken.FirstBrokenPosition);
                }
                else
                {
                    CheckpointLog.Refused(_logger, name, broken.Break, broken.FirstBrokenPosition);
                }
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
