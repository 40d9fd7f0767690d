using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>
/// Completes erasures that were interrupted (the process died in the middle of <see cref="ISubjectErasure.EraseAsync"/>)
/// without anyone asking again: once at start-up and then every <see cref="SubjectOptions.ErasureResumeInterval"/>, on
/// one instance at a time (the erasure store's lock). The audit trail gets an entry by <c>system:erasure-resume</c> when
/// one is completed. No failure of it ever stops the host.
/// </summary>
internal sealed class ErasureResumeJob(IServiceProvider services, TimeProvider time, IOptions<PrivacyOptions> options) : BackgroundService
{
    private readonly ILogger _logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<ErasureResumeJob>();

    /// <summary>Gets how many passes have finished (with or without the lock; for tests).</summary>
    internal int Passes => Volatile.Read(ref _passes);

    private int _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first pass reads the stores.
        await Task.Yield();
        SubjectErasure? erasure;
        try
        {
            erasure = services.GetRequiredService<ISubjectErasure>() as SubjectErasure;
        }
        catch (InvalidOperationException ex)
        {
            // No erasure store (an app that only encrypts): nothing can be interrupted.
            Log.ErasureResumeOff(_logger, ex.Message);
            return;
        }

        if (erasure is null)
        {
            Log.ErasureResumeOff(_logger, "the host replaced ISubjectErasure.");
            return;
        }

        var interval = options.Value.Subjects.ErasureResumeInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await erasure.ResumeIncompleteAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The store is down, the lock cannot be taken: tried again at the next pass.
                Log.ErasureResumePassFailed(_logger, interval, ex);
            }

            Interlocked.Increment(ref _passes);
            if (interval == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
