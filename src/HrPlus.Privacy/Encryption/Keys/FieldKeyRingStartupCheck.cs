using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Reads the field key store once when the host starts and warns about records this application's DataProtection ring
/// cannot unwrap (another application's keys in a shared folder, or keys whose DataProtection ring was lost), so the
/// situation is visible before a value under such a key fails to decrypt. Then it loads the ring (making a first key if
/// the store has none) and reserves this instance's first block of encryptions, so those writes happen now and not inside
/// a request's database transaction. A failure (a database not created yet, say) is logged, never thrown: it never stops
/// the host, and the ring loads on first use instead.
/// </summary>
internal sealed class FieldKeyRingStartupCheck(FieldKeyRing ring, ILogger<FieldKeyRingStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.EngineSelected(logger, ring.Engine.Name);
        try
        {
            // Loading names the records this ring cannot unwrap (event 1007), then makes and reserves what is missing.
            ring.WarmUp();

            // With per-subject keys: can this instance use the epoch keys that live subject keys name (a bounded sample)?
            // Event 1035 and the health check name the ones it cannot.
            await ring.CheckEpochKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.StartupKeyCheckFailed(logger, ex);
            try
            {
                await ring.ReportUnavailableKeysAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception readFailure) when (readFailure is not OperationCanceledException and not OutOfMemoryException)
            {
                // Already reported above: the store cannot be used yet.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
