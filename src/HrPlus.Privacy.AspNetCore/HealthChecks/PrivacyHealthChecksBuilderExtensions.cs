using HrPlus.Privacy;
using HrPlus.Privacy.AspNetCore.HealthChecks;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of HrPlus.Privacy, added the ASP.NET Core way: <c>services.AddHealthChecks().AddHrPlusPrivacy()</c>.</summary>
public static class PrivacyHealthChecksBuilderExtensions
{
    /// <summary>The name of the key ring check.</summary>
    public const string KeyRingCheck = "hrplus-privacy-key-ring";

    /// <summary>The name of the stores check.</summary>
    public const string StoresCheck = "hrplus-privacy-stores";

    /// <summary>The name of the access-log check.</summary>
    public const string AccessLogCheck = "hrplus-privacy-access-log";

    /// <summary>The name of the hash chain checkpoint check.</summary>
    public const string ChainCheckpointsCheck = "hrplus-privacy-chain-checkpoints";

    /// <summary>The name of the breach deadline check.</summary>
    public const string BreachesCheck = "hrplus-privacy-breaches";

    /// <summary>The name of the incomplete erasures check (degraded while an erasure stays incomplete longer than <c>SubjectOptions.IncompleteErasureAge</c>).</summary>
    public const string ErasuresCheck = "hrplus-privacy-erasures";

    /// <summary>
    /// Adds one check per concern: the key ring (<see cref="KeyRingCheck"/>), the stores (<see cref="StoresCheck"/>), the
    /// access-log queue (<see cref="AccessLogCheck"/>), chain verification and checkpoints (<see cref="ChainCheckpointsCheck"/>)
    /// overdue breach notifications (<see cref="BreachesCheck"/>) and erasures left incomplete (<see cref="ErasuresCheck"/>). Requires <c>services.AddHrPlusPrivacy()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Tags added to every check (e.g. <c>"ready"</c>, to filter a readiness endpoint); none by default.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Unhealthy: the key ring cannot be loaded or its current key expired, a store does not answer, a hash chain is broken.
    /// Degraded: a key record this application cannot unwrap, rollover failing near expiry, access records dropped since
    /// the previous probe, a checkpoint late for a log that grew, a breach notification overdue, an erasure incomplete longer than <c>SubjectOptions.IncompleteErasureAge</c>. Checks read no personal data and report only
    /// counts, key ids and times.
    /// </remarks>
    public static IHealthChecksBuilder AddHrPlusPrivacy(this IHealthChecksBuilder builder, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToArray() ?? [];
        builder.Services.TryAddSingleton(sp => new KeyRingHealthCheck(sp.GetRequiredService<FieldKeyRing>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton(sp => new StoresHealthCheck(sp));
        builder.Services.TryAddSingleton(sp => new AccessLogHealthCheck(sp));
        builder.Services.TryAddSingleton(sp => new ChainCheckpointHealthCheck(
            sp.GetRequiredService<ChainCheckpointStatus>(), sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        builder.Services.TryAddSingleton(sp => new BreachHealthCheck(sp));
        builder.Services.TryAddSingleton(sp => new ErasureHealthCheck(sp, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PrivacyOptions>>()));
        builder.Add(new HealthCheckRegistration(KeyRingCheck, sp => sp.GetRequiredService<KeyRingHealthCheck>(), null, tagList));
        builder.Add(new HealthCheckRegistration(StoresCheck, sp => sp.GetRequiredService<StoresHealthCheck>(), null, tagList));
        builder.Add(new HealthCheckRegistration(AccessLogCheck, sp => sp.GetRequiredService<AccessLogHealthCheck>(), null, tagList));
        builder.Add(new HealthCheckRegistration(ChainCheckpointsCheck, sp => sp.GetRequiredService<ChainCheckpointHealthCheck>(), null, tagList));
        builder.Add(new HealthCheckRegistration(BreachesCheck, sp => sp.GetRequiredService<BreachHealthCheck>(), null, tagList));
        builder.Add(new HealthCheckRegistration(ErasuresCheck, sp => sp.GetRequiredService<ErasureHealthCheck>(), null, tagList));
        return builder;
    }
}
