using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Reads the field key store once when the host starts and warns about records this application's DataProtection ring
/// cannot unwrap (another application's keys in a shared folder, or keys whose DataProtection ring was lost), so the
/// situation is visible before a value under such a key fails to decrypt. It only reads: no key is made, and a failure
/// is logged, never thrown, so it never stops the host.
/// </summary>
internal sealed class FieldKeyRingStartupCheck(FieldKeyRing ring, ILogger<FieldKeyRingStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.EngineSelected(logger, ring.Engine.Name);
        try
        {
            await ring.ReportUnavailableKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.StartupKeyCheckFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
