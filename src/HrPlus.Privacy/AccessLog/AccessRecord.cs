namespace HrPlus.Privacy.AccessLog;

/// <summary>
/// One request as the capture middleware records it (policy clause 3.3): what was asked for, from where and
/// when, without query strings, cookie values or a raw address unless the host chose to keep one.
/// </summary>
public sealed record AccessRecord
{
    /// <summary>The pseudonym domain of <see cref="SubjectPseudonym"/>: <c>IPseudonymizer.Pseudonymize(subjectId, "access-log")</c>.</summary>
    public const string SubjectPseudonymDomain = "access-log";

    /// <summary>Gets when the request started (UTC, whole microseconds).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the client address as configured (truncated by default), or null when not recorded.</summary>
    public string? ClientIp { get; init; }

    /// <summary>
    /// Gets the keyed pseudonym of the client's network (the address truncated to /24 or /48): what IP statistics
    /// count. Null when the address is unknown.
    /// </summary>
    public string? NetworkPseudonym { get; init; }

    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the path base and path, without the query string (escaped and cut to the configured length).</summary>
    public required string Path { get; init; }

    /// <summary>Gets the referer's scheme, host and path without query or fragment, or null.</summary>
    public string? Referer { get; init; }

    /// <summary>Gets the user agent (control characters escaped, cut to the configured length), or null.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Gets the names (never the values) of the cookies the request carried, sorted.</summary>
    public required IReadOnlyList<string> CookieNames { get; init; }

    /// <summary>Gets the response status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>Gets how long the request took, in milliseconds.</summary>
    public required double DurationMilliseconds { get; init; }

    /// <summary>Gets the signed-in subject's pseudonym (domain <c>access-log</c>), or null for an anonymous request.</summary>
    public string? SubjectPseudonym { get; init; }

    /// <summary>Gets the cookie categories the visitor had consented to, comma-separated, or null when none.</summary>
    public string? CookieConsent { get; init; }
}
