using System.Text;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Web;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The privacy policy: the version in effect or a past one, every version, and what each changed.</summary>
public static class PolicyPages
{
    /// <summary>Maps <c>GET /policy</c> and <c>GET /policy/{version}</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/policy", (HttpContext http, IPolicyRegistry policies) => RenderAsync(http, policies, null));
        app.MapGet("/policy/{version:int}", (HttpContext http, IPolicyRegistry policies, int version) => RenderAsync(http, policies, version));
    }

    private static async Task<IResult> RenderAsync(HttpContext http, IPolicyRegistry policies, int? number)
    {
        var page = PageContext.For(http);
        var all = await policies.ListAsync(http.RequestAborted);
        var current = await policies.GetCurrentAsync(null, http.RequestAborted);
        var shown = number is { } n ? all.FirstOrDefault(v => v.Version == n) : current;
        if (shown is null)
        {
            return Layout.Page(page, "nav.policy", $"<p class=\"error\">{page.T(number is null ? "policy.none" : "error.notFound")}</p>", number is null ? 200 : 404);
        }

        var html = new StringBuilder();
        var text = shown.GetText(page.Language) ?? shown.Texts[0];
        var state = shown.Version == current?.Version ? page.T("policy.inEffect")
            : shown.EffectiveFrom > page.Http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() ? page.T("policy.scheduled") : page.T("policy.superseded");
        html.Append("<section id=\"policy-text\"><h3>").Append(page.T("policy.version")).Append(' ').Append(shown.Version).Append(" — ").Append(state).Append("</h3>")
            .Append("<p class=\"muted\">").Append(page.T("policy.effectiveFrom")).Append(": ").Append(shown.EffectiveFrom.ToString("yyyy-MM-dd HH:mm 'UTC'"))
            .Append(" · ").Append(page.T(shown.ChangeKind == PolicyChangeKind.Material ? "policy.material" : "policy.editorial"))
            .Append(" · SHA-256 <code>").Append(PageContext.E(text.ContentHash)).Append("</code></p>");
        foreach (var paragraph in PolicyDiff.Paragraphs(text.Content))
        {
            html.Append("<p>").Append(PageContext.E(paragraph)).Append("</p>");
        }

        html.Append("</section>");
        AppendChanges(html, page, all, shown, text);
        AppendVersions(html, page, all, current);
        return Layout.Page(page, "nav.policy", html.ToString());
    }

    private static void AppendChanges(StringBuilder html, PageContext page, IReadOnlyList<PolicyVersion> all, PolicyVersion shown, PolicyText text)
    {
        html.Append("<section id=\"policy-changes\"><h3>").Append(page.T("policy.changes")).Append("</h3>");
        if (!string.IsNullOrEmpty(shown.ChangeSummary))
        {
            html.Append("<p>").Append(page.T("policy.summary")).Append(": ").Append(PageContext.E(shown.ChangeSummary)).Append("</p>");
        }

        var previous = all.Where(v => v.Version < shown.Version).MaxBy(v => v.Version);
        if (previous is null)
        {
            html.Append("<p>").Append(page.T("policy.firstVersion")).Append("</p></section>");
            return;
        }

        var before = previous.GetText(text.Language) ?? previous.Texts[0];
        var (added, removed) = PolicyDiff.Compare(before.Content, text.Content);
        html.Append("<p>").Append(page.T("policy.comparedWith")).Append(' ').Append(previous.Version).Append(".</p>");
        AppendList(html, page.T("policy.added"), added, "ok");
        AppendList(html, page.T("policy.removed"), removed, "error");
        if (added.Count == 0 && removed.Count == 0)
        {
            html.Append("<p>").Append(page.T("policy.noTextChange")).Append("</p>");
        }

        html.Append("</section>");
    }

    private static void AppendList(StringBuilder html, string title, IReadOnlyList<string> paragraphs, string css)
    {
        if (paragraphs.Count == 0)
        {
            return;
        }

        html.Append("<p class=\"").Append(css).Append("\">").Append(title).Append("</p><ul>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<li>").Append(PageContext.E(paragraph)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static void AppendVersions(StringBuilder html, PageContext page, IReadOnlyList<PolicyVersion> all, PolicyVersion? current)
    {
        html.Append("<section id=\"policy-versions\"><h3>").Append(page.T("policy.all")).Append("</h3><table><tr><th>").Append(page.T("policy.version"))
            .Append("</th><th>").Append(page.T("policy.effectiveFrom")).Append("</th><th>").Append(page.T("policy.kind")).Append("</th><th>")
            .Append(page.T("policy.summary")).Append("</th></tr>");
        foreach (var version in all.OrderByDescending(v => v.Version))
        {
            html.Append("<tr><td><a href=\"").Append(page.Url($"/policy/{version.Version}")).Append("\">").Append(version.Version).Append("</a>")
                .Append(version.Version == current?.Version ? " ✓" : string.Empty).Append("</td><td>").Append(version.EffectiveFrom.ToString("yyyy-MM-dd HH:mm 'UTC'"))
                .Append("</td><td>").Append(page.T(version.ChangeKind == PolicyChangeKind.Material ? "policy.material" : "policy.editorial"))
                .Append("</td><td>").Append(PageContext.E(version.ChangeSummary)).Append("</td></tr>");
        }

        html.Append("</table><p class=\"muted\"><a href=\"").Append(page.Url("/privacy/policy")).Append("\">GET /privacy/policy</a> · ")
            .Append("<a href=\"/privacy/policy/versions\">GET /privacy/policy/versions</a></p></section>");
    }
}
