using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>
/// Installs the cookie choice on each request and, when the response starts, removes every <c>Set-Cookie</c> of a
/// category the visitor has not consented to. Deleting a cookie (by its parsed <c>Max-Age</c> or <c>Expires</c>, see
/// <see cref="SetCookieExpiry"/>) is always let through.
/// </summary>
internal sealed class CookieGate
{
    private readonly CookieConsentOptions _options;
    private readonly FrozenDictionary<string, CookieCategory>.AlternateLookup<ReadOnlySpan<char>> _exactBySpan;
    private readonly (string Prefix, CookieCategory Category)[] _prefixes;
    private readonly Func<object, Task> _onStarting;

    private readonly TimeProvider _time;

    public CookieGate(CookieConsentOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _exactBySpan = options.Cookies.Where(c => !c.IsPrefix).ToFrozenDictionary(c => c.Name, c => c.Category, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = [.. options.Cookies.Where(c => c.IsPrefix).Select(c => (c.Name[..^1], c.Category)).OrderByDescending(p => p.Item1.Length)];
        _onStarting = FilterAsync;

        // With nothing registered as optional and unregistered cookies counted as necessary, no header can be removed.
        _canSuppress = options.UnregisteredCookies != CookieCategory.Necessary || options.Cookies.Any(c => c.Category != CookieCategory.Necessary);
    }

    private readonly bool _canSuppress;

    /// <summary>Gets the number of <c>Set-Cookie</c> headers removed since start (for tests and diagnostics).</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    private long _suppressed;

    public CookieConsentFeature Attach(HttpContext context)
    {
        string? value = null;
        try
        {
            value = CookieHeader.FindValue(context.Request.Headers.Cookie, _options.ConsentCookieName);
        }
        catch (UriFormatException)
        {
            // A value that does not percent-decode means no recorded choice.
        }

        var feature = new CookieConsentFeature(context, _options, CookieConsentValue.Parse(value));
        context.Features.Set<ICookieConsentFeature>(feature);
        context.Features.Set<ITrackingConsentFeature>(feature);
        if (_canSuppress)
        {
            context.Response.OnStarting(_onStarting, context);
        }

        return feature;
    }

    public CookieCategory CategoryOf(ReadOnlySpan<char> name)
    {
        if (name.SequenceEqual(_options.ConsentCookieName))
        {
            return CookieCategory.Necessary;
        }

        if (_exactBySpan.TryGetValue(name, out var category))
        {
            return category;
        }

        foreach (var (prefix, prefixCategory) in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefixCategory;
            }
        }

        return _options.UnregisteredCookies;
    }

    private Task FilterAsync(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        var setCookies = headers.SetCookie;
        if (setCookies.Count == 0 || context.Features.Get<ICookieConsentFeature>() is not { } consent)
        {
            return Task.CompletedTask;
        }

        List<string>? kept = null;
        for (var i = 0; i < setCookies.Count; i++)
        {
            var header = setCookies[i] ?? string.Empty;
            var allowed = SetCookieExpiry.IsDeletion(header, _time.GetUtcNow()) || consent.IsAllowed(CategoryOf(NameOf(header)));
            if (allowed)
            {
                kept?.Add(header);
                continue;
            }

            if (kept is null)
            {
                kept = new List<string>(setCookies.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(setCookies[j]!);
                }
            }

            Interlocked.Increment(ref _suppressed);
        }

        if (kept is not null)
        {
            headers.SetCookie = kept.Count == 0 ? StringValues.Empty : new StringValues([.. kept]);
        }

        return Task.CompletedTask;
    }

    // The name ends at the first '=' of the name-value pair; a pair without one has an empty name (RFC 6265bis 5.6).
    private static ReadOnlySpan<char> NameOf(string header)
    {
        var pair = header.AsSpan();
        var semicolon = pair.IndexOf(';');
        pair = semicolon < 0 ? pair : pair[..semicolon];
        var end = pair.IndexOf('=');
        return end < 0 ? [] : pair[..end].Trim();
    }
}
