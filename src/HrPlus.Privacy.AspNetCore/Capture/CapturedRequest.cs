using System.Net;
using HrPlus.Privacy.AspNetCore.Cookies;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// What the request path hands to the writer: references to strings the request already holds, nothing cut, escaped
/// or hashed yet. The writer turns it into an <see cref="HrPlus.Privacy.AccessLog.AccessRecord"/> just before storing
/// it, so a queued request costs no objects of its own (but for the route values of a matched endpoint with
/// parameters, copied because the request's dictionary is reused); the raw values never leave the process.
/// </summary>
internal readonly record struct CapturedRequest(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int StatusCode,
    CookieCategory Consented,
    string Method,
    string? PathBase,
    string? Path,
    string Referer,
    string UserAgent,
    StringValues Cookies,
    IPAddress? Address,
    string? SubjectId,
    RoutePattern? Route = null,
    string?[]? RouteValues = null);
