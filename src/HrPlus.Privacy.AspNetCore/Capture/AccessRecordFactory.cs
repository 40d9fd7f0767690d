using System.Net;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticAssets;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>Builds an <see cref="AccessRecord"/> from a finished request, keeping only what the policy allows.</summary>
internal sealed class AccessRecordFactory(IPseudonymizer pseudonymizer, PrivacyAspNetCoreOptions options)
{
    /// <summary>The pseudonym domain of signed-in subjects and (in pseudonymized mode) client addresses in the access log.</summary>
    public const string AccessLogDomain = HrPlus.Privacy.AccessLog.AccessRecord.SubjectPseudonymDomain;

    /// <summary>The pseudonym domain of truncated networks in the IP statistics.</summary>
    public const string StatisticsDomain = "ip-statistics";

    private const int MaxCookieNameLength = 128;
    private const int MaxMethodLength = 16;
    private const int MaxCachedAddresses = 10_000;
    private const long AddressCacheMilliseconds = 10 * 60 * 1000;
    private long _addressesSince = Environment.TickCount64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPAddress, AddressForms> _addresses = new();

    /// <summary>Whether the request's path is one of <see cref="PrivacyCaptureOptions.ExcludedPaths"/> (decided before it runs).</summary>
    public bool IsExcluded(HttpRequest request)
    {
        var path = request.Path;
        foreach (var excluded in options.Capture.ExcludedPaths)
        {
            if (path.StartsWithSegments(excluded, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a finished request was a static file: served without a routed endpoint (<c>UseStaticFiles</c>) or by a
    /// <c>MapStaticAssets</c> endpoint, successfully, with one of <see cref="PrivacyCaptureOptions.ExcludedExtensions"/>.
    /// A route of the app whose path ends in <c>.png</c> is not a static file: the name alone never hides a request.
    /// </summary>
    public bool IsStaticFile(HttpContext context)
    {
        if (options.Capture.ExcludedExtensions.Count == 0
            || context.Response.StatusCode is not (StatusCodes.Status200OK or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified)
            || (context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is null))
        {
            return false;
        }

        var value = context.Request.Path.Value ?? string.Empty;
        var dot = value.LastIndexOf('.');
        return dot > value.LastIndexOf('/') && options.Capture.ExcludedExtensions.Contains(value[dot..]);
    }

    /// <summary>Takes what the record needs from a finished request, without copying or processing anything.</summary>
    public static CapturedRequest Capture(HttpContext context, DateTimeOffset startedAt, TimeSpan duration, int statusCode, CookieCategory consented, string? subjectId)
    {
        var request = context.Request;
        var route = RouteTemplatePath.PatternOf(context);
        return new CapturedRequest(
            startedAt,
            duration,
            statusCode,
            consented,
            request.Method,
            request.PathBase.Value,
            request.Path.Value,
            request.Headers.Referer.ToString(),
            request.Headers.UserAgent.ToString(),
            request.Headers.Cookie,
            context.Connection.RemoteIpAddress,
            subjectId,
            route,
            RouteTemplatePath.ValuesOf(context, route));
    }

    /// <summary>Builds the record of a finished request at once (the writer does the same from a queued capture).</summary>
    public AccessRecord Create(HttpContext context, DateTimeOffset startedAt, TimeSpan duration, int statusCode, CookieCategory consented, string? subjectId) =>
        Create(Capture(context, startedAt, duration, statusCode, consented, subjectId));

    /// <summary>Builds the record, keeping only what the policy allows.</summary>
    public AccessRecord Create(in CapturedRequest request)
    {
        var capture = options.Capture;
        // None means nothing of the address: no stored form and no network pseudonym (so no IP statistics either).
        var forms = request.Address is null || capture.ClientIp == IpAddressMode.None ? null : FormsOf(request.Address);
        var path = request.Route is { } route
            ? SafeText.EscapeAndTruncate(
                (string.IsNullOrEmpty(request.PathBase) ? string.Empty : PersonalDataMasking.Path(request.PathBase))
                + RouteTemplatePath.Format(route, request.RouteValues, capture.PersonalRouteParameters),
                capture.MaxPathLength)
            : Masked(string.IsNullOrEmpty(request.PathBase) ? request.Path ?? "/" : request.PathBase + request.Path, capture.MaxPathLength, PersonalDataMasking.Path);
        return new AccessRecord
        {
            Timestamp = Timestamps.Normalize(request.StartedAt),
            ClientIp = forms?.ClientIp,
            NetworkPseudonym = forms?.NetworkPseudonym,
            Method = SafeText.EscapeAndTruncate(request.Method, MaxMethodLength) ?? string.Empty,
            Path = path ?? "/",
            Referer = Masked(request.Referer, capture.MaxRefererLength, PersonalDataMasking.Referer),
            UserAgent = Masked(request.UserAgent, capture.MaxUserAgentLength, PersonalDataMasking.Text),
            CookieNames = CookieHeader.Names(request.Cookies, capture.MaxCookieNames, MaxCookieNameLength),
            StatusCode = request.StatusCode,
            DurationMilliseconds = Math.Round(request.Duration.TotalMilliseconds, 3),
            SubjectPseudonym = request.SubjectId is null ? null : pseudonymizer.Pseudonymize(request.SubjectId, AccessLogDomain),
            CookieConsent = CookieConsentValue.Describe(request.Consented),
        };
    }

    /// <summary>The signed-in subject's id, without making up an anonymous principal when nobody signed in.</summary>
    public string? SubjectOf(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.Authentication.IHttpAuthenticationFeature>()?.User is { } user ? options.Endpoints.SubjectOf(user) : null;

    // Requests come from few addresses: keep what each turns into (the stored client IP, the network's pseudonym)
    // instead of truncating and hashing per request. The cache is bounded and starts over every 10 minutes, so a
    // rotated pseudonym key is picked up within that time.
    private AddressForms FormsOf(IPAddress address)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _addressesSince) > AddressCacheMilliseconds)
        {
            Interlocked.Exchange(ref _addressesSince, now);
            _addresses.Clear();
        }
        else if (_addresses.TryGetValue(address, out var cached))
        {
            return cached;
        }

        // Counting a concurrent dictionary takes all its locks: only a miss pays for it.
        if (_addresses.Count >= MaxCachedAddresses)
        {
            _addresses.Clear();
        }

        var network = IpAddressAnonymizer.Truncate(address);
        var clientIp = options.Capture.ClientIp switch
        {
            IpAddressMode.Truncated => network.ToString(),
            IpAddressMode.Pseudonymized => pseudonymizer.PseudonymizeIpAddress(address, AccessLogDomain),
            IpAddressMode.Full => IpAddressAnonymizer.Normalize(address).ToString(),
            _ => null,
        };
        return _addresses[address] = new AddressForms(clientIp, pseudonymizer.PseudonymizeIpAddress(network, StatisticsDomain));
    }

    // Masking first, cutting after: a value cut first could keep the start of an IIN. Text far past the limit is
    // dropped before the search (a mask is at least 5/12 of what it replaces, so 4 times the limit is enough).
    private static string? Masked(string? value, int maxLength, Func<string, string?> mask) =>
        string.IsNullOrEmpty(value) ? null
        : SafeText.EscapeAndTruncate(mask(value.Length > 4 * maxLength ? value[..(4 * maxLength)] : value), maxLength);

    private sealed record AddressForms(string? ClientIp, string NetworkPseudonym);
}
