using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.Sample.Localization;

/// <summary>The UI languages (kk, ru, en) and how a request picks one.</summary>
public static class Languages
{
    /// <summary>The name of the cookie that remembers the language; a functional cookie, kept only when allowed.</summary>
    public const string CookieName = "hp_lang";

    /// <summary>The language used when the request says nothing: Kazakh, the state language.</summary>
    public const string Default = "kk";

    /// <summary>Gets the UI languages in display order.</summary>
    public static IReadOnlyList<string> All { get; } = ["kk", "ru", "en"];

    /// <summary>Gets whether <paramref name="value"/> is one of the UI languages.</summary>
    public static bool IsSupported(string? value) => value is "kk" or "ru" or "en";

    /// <summary>Picks the language: <c>?lang=</c>, then the language cookie, then <c>Accept-Language</c>, then Kazakh.</summary>
    public static string Resolve(HttpContext http)
    {
        string? query = http.Request.Query["lang"];
        if (IsSupported(query))
        {
            return query!;
        }

        if (http.Request.Method == HttpMethods.Post && http.Request.HasFormContentType && IsSupported(http.Request.Form["lang"]))
        {
            return http.Request.Form["lang"]!;
        }

        if (IsSupported(http.Request.Cookies[CookieName]))
        {
            return http.Request.Cookies[CookieName]!;
        }

        foreach (var entry in http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var code = entry.Value.Value?.Split('-')[0].ToLowerInvariant();
            if (IsSupported(code))
            {
                return code!;
            }
        }

        return Default;
    }

    /// <summary>Gets the language's own name, for the language switch.</summary>
    public static string NativeName(string language) => language switch
    {
        "kk" => "Қазақша",
        "ru" => "Русский",
        _ => "English",
    };
}
