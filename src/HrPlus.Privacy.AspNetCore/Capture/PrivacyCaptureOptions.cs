using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>What the capture middleware records and how the access log is written.</summary>
public sealed class PrivacyCaptureOptions
{
    /// <summary>
    /// Gets or sets how the client address is recorded; <see cref="IpAddressMode.Truncated"/> (/24, /48) by default.
    /// <see cref="IpAddressMode.None"/> records nothing of it: no address and no network pseudonym, so no IP statistics.
    /// </summary>
    public IpAddressMode ClientIp { get; set; } = IpAddressMode.Truncated;

    /// <summary>
    /// Gets the path prefixes that are not recorded (health checks and the like); by default <c>/health</c>,
    /// <c>/healthz</c> and <c>/favicon.ico</c>.
    /// </summary>
    public IList<PathString> ExcludedPaths { get; } = [new("/health"), new("/healthz"), new("/favicon.ico")];

    /// <summary>
    /// Gets the file extensions of static files that are not recorded; by default <c>.css .js .map .png .jpg .jpeg
    /// .gif .svg .ico .webp .woff .woff2</c>. Clear it to record static files too.
    /// </summary>
    /// <remarks>
    /// A static file is a successful response (200, 206, 304) that no routed endpoint produced (<c>UseStaticFiles</c>
    /// after <c>UsePrivacyCapture</c>) or that a <c>MapStaticAssets</c> endpoint produced. An endpoint of the app whose
    /// route ends in one of these extensions is recorded like any other, and so is a miss (404).
    /// </remarks>
    public ISet<string> ExcludedExtensions { get; } = new HashSet<string>(
        [".css", ".js", ".map", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".woff", ".woff2"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the route parameters whose values are never written into the access log; by default <c>subjectId</c>,
    /// <c>iin</c>, <c>email</c> and <c>phone</c> (names compared ignoring case).
    /// </summary>
    /// <remarks>
    /// A request that matched an endpoint is logged as its route template (<c>/pupils/{id}</c>) with the values of the
    /// parameters that are not personal written in (<c>/pupils/42</c>). A parameter named here, or one whose value holds
    /// a run of 12 digits (whatever separates them, whatever the check digit), an e-mail address or a phone number,
    /// stays <c>{name}</c>. A request that matched no endpoint is logged as its path with those runs, addresses and numbers
    /// masked (<c>{iin}</c>, <c>{number}</c>, <c>{email}</c>, <c>{phone}</c>). Add the names of the app's own parameters
    /// that carry a person's opaque id or name (<c>pupilId</c>, <c>login</c>) so they never reach the log.
    /// </remarks>
    public ISet<string> PersonalRouteParameters { get; } = new HashSet<string>(["subjectId", "iin", "email", "phone"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how many records may wait for the writer; 10,000 by default. When full, records are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets how many records are written in one batch; 256 by default.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how long the writer lets records gather before writing a batch that is not full; 200 ms by default.
    /// Waking the writer for every request would cost the request path more than the write itself. On shutdown the
    /// queue is written at once.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest user agent kept, in characters after escaping; 512 by default.</summary>
    public int MaxUserAgentLength { get; set; } = 512;

    /// <summary>Gets or sets the longest referer kept, in characters after escaping; 1,024 by default.</summary>
    public int MaxRefererLength { get; set; } = 1024;

    /// <summary>Gets or sets the longest path kept, in characters after escaping; 1,024 by default.</summary>
    public int MaxPathLength { get; set; } = 1024;

    /// <summary>Gets or sets the most cookie names kept per request; 50 by default (each cut to 128 characters).</summary>
    public int MaxCookieNames { get; set; } = 50;
}
