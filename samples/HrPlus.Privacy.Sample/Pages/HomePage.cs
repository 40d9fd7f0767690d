using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Web;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The start page and the error page.</summary>
public static class HomePage
{
    /// <summary>Maps <c>GET /</c> and <c>/error</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpContext http, SchoolDb db, IPolicyRegistry policies) =>
        {
            var page = PageContext.For(http);
            var pupils = await db.Pupils.CountAsync(http.RequestAborted);
            var current = await policies.GetCurrentAsync(null, http.RequestAborted);
            var body = $"""
                <section><p>{page.T("home.intro")}</p><p class="muted">{page.T("home.synthetic")}</p>
                <p>{page.T("home.pupils")}: <strong id="pupil-count">{pupils}</strong> ·
                {page.T("home.policy")}: <a href="{page.Url($"/policy/{current?.Version}")}"><strong id="policy-version">{current?.Version}</strong></a></p></section>
                <section><h3>{page.T("home.api")}</h3><ul>
                <li><a href="{page.Url("/privacy/policy")}">GET /privacy/policy</a></li>
                <li><a href="/privacy/policy/versions">GET /privacy/policy/versions</a></li>
                <li><a href="/privacy/cookies">GET /privacy/cookies</a></li></ul></section>
                """;
            return Layout.Page(page, "nav.home", body);
        });

        app.Map("/error", (HttpContext http) =>
        {
            var page = PageContext.For(http);
            return Layout.Page(page, "error.title", $"<p class=\"error\">{page.T("error.server")}</p>", StatusCodes.Status500InternalServerError);
        });
    }
}
