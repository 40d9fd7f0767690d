using HrPlus.Privacy.AspNetCore.Cookies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// Warns once the host has started when cookie consent or request capture is configured but
/// <c>app.UsePrivacyCapture()</c> is not in the pipeline: then nothing is recorded and optional cookies (analytics,
/// marketing) go out without the visitor's consent. Checked after start, when the pipeline is built; never throws.
/// </summary>
internal sealed partial class PrivacyCaptureStartupCheck(
    PrivacyCaptureUsage usage,
    IOptions<PrivacyAspNetCoreOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PrivacyCaptureStartupCheck> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private void Check()
    {
        if (usage.Used)
        {
            return;
        }

        var configured = Configured(options.Value);
        if (configured.Length > 0)
        {
            LogCaptureMissing(logger, configured);
        }
    }

    /// <summary>What the host configured that only the capture middleware enforces; empty when it kept the defaults.</summary>
    internal static string Configured(PrivacyAspNetCoreOptions options)
    {
        var parts = new List<string>(2);
        var optional = options.Cookies.Cookies.Count(c => c.Category != CookieCategory.Necessary);
        if (optional > 0 || options.Cookies.UnregisteredCookies != CookieCategory.Necessary)
        {
            parts.Add($"cookie consent ({optional} optional cookies registered)");
        }

        var capture = options.Capture;
        var defaults = new PrivacyCaptureOptions();
        if (capture.ClientIp != defaults.ClientIp
            || capture.QueueCapacity != defaults.QueueCapacity
            || capture.BatchSize != defaults.BatchSize
            || capture.FlushInterval != defaults.FlushInterval
            || capture.MaxUserAgentLength != defaults.MaxUserAgentLength
            || capture.MaxRefererLength != defaults.MaxRefererLength
            || capture.MaxPathLength != defaults.MaxPathLength
            || capture.MaxCookieNames != defaults.MaxCookieNames
            || !capture.ExcludedPaths.SequenceEqual(defaults.ExcludedPaths)
            || !capture.ExcludedExtensions.SetEquals(defaults.ExcludedExtensions))
        {
            parts.Add("request capture");
        }

        return string.Join(" and ", parts);
    }

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "HrPlus.Privacy options configure {Configured}, but app.UsePrivacyCapture() is not in the request pipeline: no request is recorded in the access log and optional cookies (analytics, marketing) go out without the visitor's consent. Add app.UsePrivacyCapture() after UseForwardedHeaders() and UseAuthentication(), before the endpoints are mapped.")]
    private static partial void LogCaptureMissing(ILogger logger, string configured);
}
