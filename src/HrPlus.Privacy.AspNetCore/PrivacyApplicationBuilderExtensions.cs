using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Consent;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds request capture and cookie consent to the pipeline.</summary>
public static class PrivacyApplicationBuilderExtensions
{
    /// <summary>
    /// Records every request in the access log (policy clause 3.3) and gates cookies by the visitor's consent (clause
    /// 3.3.1). Put it after <c>UseForwardedHeaders()</c> (client addresses come from there, never from a raw
    /// <c>X-Forwarded-For</c>) and after authentication (to record the signed-in subject's pseudonym), before the
    /// endpoints.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <c>services.AddHrPlusPrivacy().AddAspNetCore()</c> was not called, or no access-log store is registered.
    /// </exception>
    public static IApplicationBuilder UsePrivacyCapture(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        EnsureRegistered(app.ApplicationServices, nameof(UsePrivacyCapture));

        // Resolve the store now: a missing one fails at start-up with what to add, not at the first batch.
        _ = app.ApplicationServices.GetRequiredService<IAccessLogStore>();
        app.ApplicationServices.GetService<PrivacyCaptureUsage>()?.MarkUsed();
        return app.UseMiddleware<PrivacyCaptureMiddleware>();
    }

    internal static void EnsureRegistered(IServiceProvider services, string caller)
    {
        // Asks whether the service is registered without resolving it: resolving would fail on a missing store first.
        if (services.GetService<IServiceProviderIsService>() is { } registry && !registry.IsService(typeof(IConsentService)))
        {
            throw new InvalidOperationException(
                $"{caller}() needs HrPlus.Privacy: add services.AddHrPlusPrivacy().AddAspNetCore() (and a store: UseEntityFrameworkCoreStores<TContext>() or UseInMemoryStores()) to the service registration.");
        }

        if (services.GetService<PrivacyAspNetCoreMarker>() is null)
        {
            throw new InvalidOperationException(
                $"{caller}() needs the ASP.NET Core services of HrPlus.Privacy: add .AddAspNetCore() after services.AddHrPlusPrivacy().");
        }
    }
}
