using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Sample.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The cookie settings page and the banner's POST, both through the SDK's cookie consent.</summary>
public static class CookiePages
{
    /// <summary>Maps <c>GET /cookies</c> and <c>POST /cookies</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/cookies", (HttpContext http, IOptions<PrivacyAspNetCoreOptions> options) =>
        {
            var page = PageContext.For(http);
            var consent = http.Features.GetRequiredFeature<ICookieConsentFeature>();
            var chosen = http.Request.Cookies.ContainsKey(options.Value.Cookies.ConsentCookieName);
            var rows = string.Concat(options.Value.Cookies.Cookies.Select(c =>
                $"<tr><td><code>{PageContext.E(c.Name)}</code></td><td>{page.T("cookie." + c.Category.ToString().ToLowerInvariant())}</td>" +
                $"<td>{PageContext.E(c.Purpose)}</td><td>{(consent.IsAllowed(c.Category) ? page.T("cookie.yes") : page.T("cookie.no"))}</td></tr>"));
            var body = $"""
                <section><p>{page.T("cookie.text")}</p>
                <p>{page.T("cookie.current")}: <strong id="cookie-current">{(chosen ? PageContext.E(consent.Allowed.ToString()) : page.T("cookie.none"))}</strong></p>
                <form method="post" action="/cookies">{page.FormFields()}<input type="hidden" name="returnUrl" value="/cookies">
                {Layout.CookieChoices(page, consent.Allowed)}<br>
                <button type="submit" name="choice" value="necessary">{page.T("cookie.onlyNecessary")}</button>
                <button type="submit" name="choice" value="selected">{page.T("cookie.save")}</button>
                <button type="submit" name="choice" value="all">{page.T("cookie.acceptAll")}</button></form></section>
                <section><h3>{page.T("cookie.registered")}</h3><table><tr><th>{page.T("cookie.name")}</th><th>{page.T("cookie.category")}</th>
                <th>{page.T("cookie.purpose")}</th><th>{page.T("cookie.allowed")}</th></tr>{rows}</table>
                <p class="muted"><a href="/privacy/cookies">GET /privacy/cookies</a></p></section>
                """;
            return Layout.Page(page, "nav.cookies", body);
        });

        app.MapPost("/cookies", (HttpContext http) =>
        {
            var form = http.Request.Form;
            var chosen = form["choice"].ToString() switch
            {
                "all" => CookieCategory.Functional | CookieCategory.Analytics | CookieCategory.Advertising,
                "selected" => form["categories"].Aggregate(CookieCategory.None, (all, name) => all | name switch
                {
                    "functional" => CookieCategory.Functional,
                    "analytics" => CookieCategory.Analytics,
                    "advertising" => CookieCategory.Advertising,
                    _ => CookieCategory.None,
                }),
                _ => CookieCategory.None,
            };
            http.Features.GetRequiredFeature<ICookieConsentFeature>().SetConsent(chosen);
            var page = PageContext.For(http);
            return Results.Redirect(PageContext.UrlIn(FormPost.LocalUrl(form["returnUrl"]), page.Language));
        }).WithFormChecks();
    }
}
