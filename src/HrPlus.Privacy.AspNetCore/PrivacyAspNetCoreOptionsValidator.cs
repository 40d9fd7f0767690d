using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore;

internal sealed class PrivacyAspNetCoreOptionsValidator : IValidateOptions<PrivacyAspNetCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyAspNetCoreOptions options)
    {
        var failures = new List<string>();
        var capture = options.Capture;
        if (!Enum.IsDefined(capture.ClientIp))
        {
            failures.Add($"Capture.ClientIp must be one of {string.Join(", ", Enum.GetNames<IpAddressMode>())}.");
        }

        if (capture.QueueCapacity is < 1 or > 10_000_000)
        {
            failures.Add("Capture.QueueCapacity must be between 1 and 10,000,000.");
        }

        if (capture.BatchSize is < 1 or > 10_000)
        {
            failures.Add("Capture.BatchSize must be between 1 and 10,000.");
        }

        if (capture.FlushInterval < TimeSpan.Zero || capture.FlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("Capture.FlushInterval must be between zero and one minute.");
        }

        if (capture.MaxUserAgentLength < 16 || capture.MaxRefererLength < 16 || capture.MaxPathLength < 16 || capture.MaxCookieNames < 0)
        {
            failures.Add("Capture length limits must be at least 16 characters (MaxCookieNames at least 0).");
        }

        if (string.IsNullOrWhiteSpace(options.Cookies.ConsentCookieName))
        {
            failures.Add("Cookies.ConsentCookieName must be set.");
        }

        if (options.Cookies.ConsentLifetime <= TimeSpan.Zero)
        {
            failures.Add("Cookies.ConsentLifetime must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.Endpoints.SubjectClaimType))
        {
            failures.Add("Endpoints.SubjectClaimType must be set.");
        }

        if (options.Endpoints.MaxRequestBodySize < 1 || options.Endpoints.MaxOperatorRequestBodySize < 1)
        {
            failures.Add("Endpoints.MaxRequestBodySize and Endpoints.MaxOperatorRequestBodySize must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
