using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Hosting;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ASP.NET Core integration of HrPlus.Privacy.</summary>
public static class PrivacyAspNetCoreBuilderExtensions
{
    /// <summary>
    /// Adds request capture with its background writer, cookie consent and the services of the privacy HTTP API.
    /// Then use <c>app.UsePrivacyCapture()</c> and <c>app.MapPrivacyEndpoints("/privacy")</c>.
    /// </summary>
    public static IPrivacyBuilder AddAspNetCore(this IPrivacyBuilder builder, Action<PrivacyAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<PrivacyAspNetCoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyAspNetCoreOptions>, PrivacyAspNetCoreOptionsValidator>());
        services.TryAddSingleton<PrivacyAspNetCoreMarker>();
        services.TryAddSingleton(sp => new AccessLogQueue(
            sp.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Capture.QueueCapacity,
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IAccessLogMonitor>(sp => sp.GetRequiredService<AccessLogQueue>());
        services.TryAddSingleton(sp => new AccessRecordFactory(
            sp.GetRequiredService<IPseudonymizer>(),
            sp.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value));
        services.TryAddSingleton(sp => new CookieGate(
            sp.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Cookies,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AccessLogWriter>());
        services.TryAddSingleton<PrivacyRoutePrefixes>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, PrivacyProblemsStartupFilter>());
        services.TryAddSingleton<PrivacyCaptureUsage>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PrivacyCaptureStartupCheck>());
        return builder;
    }
}
