using System.Text.Encodings.Web;
using System.Text.Unicode;
using HrPlus.Privacy.Sample.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Web;

/// <summary>What every page needs while it renders: the language, the strings, links that keep the language, forms.</summary>
public sealed class PageContext
{
    private PageContext(HttpContext http, string language)
    {
        Http = http;
        Language = language;
    }

    /// <summary>Gets the request.</summary>
    public HttpContext Http { get; }

    /// <summary>Gets the UI language: kk, ru or en.</summary>
    public string Language { get; }

    /// <summary>Creates the context for a request (after a POST's form has been read).</summary>
    public static PageContext For(HttpContext http) => new(http, Languages.Resolve(http));

    /// <summary>Gets a UI string, HTML-encoded.</summary>
    public string T(string key) => E(Strings.Get(key, Language));

    /// <summary>Gets a UI string as plain text (for attributes it is encoded again by <see cref="E"/>).</summary>
    public string Text(string key) => Strings.Get(key, Language);

    // Kazakh and Russian text stays readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>HTML-encodes a value.</summary>
    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>Gets a local URL with this language, HTML-encoded for an attribute.</summary>
    public string Url(string path) => E(UrlIn(path, Language));

    /// <summary>Gets a local URL in <paramref name="language"/> (not encoded).</summary>
    public static string UrlIn(string path, string language) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + language;

    /// <summary>Gets the hidden fields every form carries: the antiforgery token and the language.</summary>
    public string FormFields()
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">"
            + $"<input type=\"hidden\" name=\"lang\" value=\"{E(Language)}\">";
    }

    /// <summary>Gets the current path and query without the language, for the language switch and redirects.</summary>
    public string PathWithoutLanguage()
    {
        var query = Http.Request.Query.Where(q => q.Key != "lang").Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()));
        var rest = string.Join('&', query);
        return Http.Request.Path.Value + (rest.Length > 0 ? "?" + rest : string.Empty);
    }
}
