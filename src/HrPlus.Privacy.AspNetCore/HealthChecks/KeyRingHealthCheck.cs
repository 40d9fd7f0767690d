using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HrPlus.Privacy.AspNetCore.HealthChecks;

/// <summary>
/// The field key ring: loaded (unhealthy when it cannot be), every key record unwrappable by this application's
/// DataProtection ring (degraded otherwise: values under those keys do not decrypt here), the epoch keys that live subject
/// keys name usable here (degraded otherwise, from the start-up check), and the current encryption key
/// not within its rollover lead time without a successor (degraded: rollover is failing; unhealthy once it expired).
/// </summary>
internal sealed class KeyRingHealthCheck(FieldKeyRing ring, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        KeyRingSnapshot snapshot;
        try
        {
            snapshot = ring.Snapshot;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The field key ring could not be loaded from its store.", ex));
        }

        var now = time.GetUtcNow();
        var current = ring.CurrentKey;
        var data = new Dictionary<string, object>
        {
            ["current_key"] = FieldDecryptionException.FormatKeyId(current.Id),
            ["current_key_expires_at"] = current.ExpiresAt,
            ["keys_loaded"] = snapshot.Keys.Count,
            ["keys_not_unwrappable"] = snapshot.Unavailable.Count,
        };
        if (current.ExpiresAt <= now)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The current field encryption key has expired and no successor was made.", data: data));
        }

        var successor = snapshot.Infos.Values.Any(k =>
            k.Purpose == FieldKeyPurpose.Encryption && k.State == FieldKeyState.Active && k.Id != current.Id && k.ExpiresAt > current.ExpiresAt);
        if (current.ExpiresAt - now <= ring.RolloverLeadTime && !successor)
        {
            return Task.FromResult(HealthCheckResult.Degraded("The current field encryption key expires within its rollover lead time and no successor was made: rollover is failing.", data: data));
        }

        if (ring.EpochCheck is { Unusable.Count: > 0 } epochs)
        {
            data["epoch_keys_checked"] = epochs.Checked;
            data["epoch_keys_unusable"] = string.Join(", ", epochs.Unusable.Select(FieldDecryptionException.FormatKeyId));
            return Task.FromResult(HealthCheckResult.Degraded(
                $"{epochs.Unusable.Count} of {epochs.Checked} epoch keys named by live subject keys cannot be used by this instance; those subjects' values do not decrypt here. The epoch keys live in {epochs.Location}.",
                data: data));
        }

        if (snapshot.Unavailable.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{snapshot.Unavailable.Count} field key records cannot be unwrapped by this application's DataProtection ring; values under them do not decrypt here.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy("The field key ring is loaded.", data));
    }
}
