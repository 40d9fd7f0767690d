using System.Text;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Sample.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HrPlus.Privacy.AspNetCore;

namespace HrPlus.Privacy.Sample.Web;

/// <summary>The page shell: header, navigation, language switch, cookie banner and a little inline CSS (no CDN, no build step).</summary>
public static class Layout
{
    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
        header{background:#0b4f8a;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:16px;text-decoration:none}
        header h1{margin:0 0 4px;font-size:22px}header small{opacity:.85}
        nav{margin-top:8px}.langs{float:right}.langs a.on{font-weight:bold;text-decoration:underline}
        main{padding:16px 24px;max-width:1100px}section{background:#fff;border:1px solid #d9e0e8;border-radius:6px;padding:12px 16px;margin:12px 0}
        table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #e3e8ee;padding:4px 6px;text-align:left;vertical-align:top}
        label{display:block;margin:8px 0 2px}input[type=text],input[type=email],input[type=tel],select,textarea{width:100%;max-width:420px;padding:4px}
        .error{color:#a3161b;font-weight:bold}.ok{color:#146c2e;font-weight:bold}.muted{color:#66717d;font-size:13px}
        #cookie-banner{position:sticky;bottom:0;background:#fffbe6;border-top:2px solid #c9a400;padding:12px 24px}
        #cookie-banner label{display:inline;margin-right:12px}button{margin:4px 8px 4px 0;padding:5px 12px}
        code{font-size:12px;word-break:break-all}
        """;

    /// <summary>Renders a whole page around <paramref name="body"/> with the status code given.</summary>
    public static IResult Page(PageContext page, string titleKey, string body, int statusCode = StatusCodes.Status200OK)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"").Append(page.Language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(page.T(titleKey)).Append(" · ").Append(page.T("app.title")).Append("</title><style>").Append(Css).Append("</style></head><body>");
        AppendHeader(html, page);
        html.Append("<main><h2 id=\"page-title\">").Append(page.T(titleKey)).Append("</h2>").Append(body).Append("</main>");
        AppendCookieBanner(html, page);
        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    private static void AppendHeader(StringBuilder html, PageContext page)
    {
        html.Append("<header><span class=\"langs\">").Append(page.T("nav.language")).Append(": ");
        var here = page.PathWithoutLanguage();
        foreach (var language in Languages.All)
        {
            html.Append("<a id=\"lang-").Append(language).Append("\" href=\"").Append(PageContext.E(PageContext.UrlIn(here, language)))
                .Append(language == page.Language ? "\" class=\"on\">" : "\">").Append(Languages.NativeName(language)).Append("</a>");
        }

        html.Append("</span><h1>").Append(page.T("app.title")).Append("</h1><small>").Append(page.T("app.subtitle")).Append("</small><nav>");
        foreach (var (path, key) in new[] { ("/", "nav.home"), ("/policy", "nav.policy"), ("/pupils/new", "nav.register"), ("/pupils", "nav.pupils"), ("/operator", "nav.operator"), ("/cookies", "nav.cookies") })
        {
            html.Append("<a href=\"").Append(page.Url(path)).Append("\">").Append(page.T(key)).Append("</a>");
        }

        html.Append("</nav></header>");
    }

    private static void AppendCookieBanner(StringBuilder html, PageContext page)
    {
        var options = page.Http.RequestServices.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Cookies;
        if (page.Http.Request.Cookies.ContainsKey(options.ConsentCookieName) || page.Http.Request.Path.StartsWithSegments("/cookies"))
        {
            return;
        }

        html.Append("<form id=\"cookie-banner\" method=\"post\" action=\"/cookies\"><strong>").Append(page.T("cookie.title")).Append("</strong> ")
            .Append(page.T("cookie.text")).Append("<br>").Append(page.FormFields())
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(PageContext.E(page.PathWithoutLanguage())).Append("\">")
            .Append(CookieChoices(page, CookieCategory.Necessary)).Append("<br>")
            .Append("<button type=\"submit\" id=\"cookie-necessary\" name=\"choice\" value=\"necessary\">").Append(page.T("cookie.onlyNecessary")).Append("</button>")
            .Append("<button type=\"submit\" id=\"cookie-save\" name=\"choice\" value=\"selected\">").Append(page.T("cookie.save")).Append("</button>")
            .Append("<button type=\"submit\" id=\"cookie-all\" name=\"choice\" value=\"all\">").Append(page.T("cookie.acceptAll")).Append("</button></form>");
    }

    /// <summary>Renders the category check boxes; necessary is always on and cannot be unticked.</summary>
    public static string CookieChoices(PageContext page, CookieCategory allowed)
    {
        var html = new StringBuilder();
        html.Append("<label><input type=\"checkbox\" checked disabled> ").Append(page.T("cookie.necessary")).Append("</label>");
        foreach (var (category, name) in new[] { (CookieCategory.Functional, "functional"), (CookieCategory.Analytics, "analytics"), (CookieCategory.Advertising, "advertising") })
        {
            html.Append("<label><input type=\"checkbox\" name=\"categories\" value=\"").Append(name).Append("\" id=\"cookie-").Append(name).Append('"')
                .Append((allowed & category) == category ? " checked" : string.Empty).Append("> ").Append(page.T("cookie." + name)).Append("</label>");
        }

        return html.ToString();
    }
}
