using System.Globalization;
using System.Text;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Web;
using HrPlus.Privacy.Subjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// The operator's view: field keys and rotation, the latest erasure asked for (what it destroyed), policy publication and the re-consent it causes, the consent ledger and
/// its verification, the access log and IP statistics. (A real app puts this behind an operator's sign-in.)
/// </summary>
public static class OperatorPage
{
    private const int Shown = 30;

    /// <summary>Maps <c>GET /operator</c>.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/operator", RenderAsync);

    private static async Task<IResult> RenderAsync(
        HttpContext http, SchoolDb db, IFieldKeyRing keys, IPolicyRegistry policies, IConsentService consents, IConsentLedgerStore ledger, IAccessLogStore accessLog, IAuditTrail audit, TimeProvider time)
    {
        var page = PageContext.For(http);
        var cancel = http.RequestAborted;
        var html = new StringBuilder("<p class=\"muted\">").Append(page.T("op.note")).Append("</p>");
        AppendNotice(html, page, http.Request.Query);
        if (Guid.TryParse(http.Request.Query["erased"], out var erased))
        {
            await ErasureAction.AppendAsync(
                html, page, http.RequestServices.GetRequiredService<IErasureStore>(), http.RequestServices.GetRequiredService<IOptions<PrivacyOptions>>().Value, erased, cancel);
        }

        // Keys.
        html.Append("<section id=\"keys\"><h3>").Append(page.T("op.keys")).Append("</h3><table><tr><th>Id</th><th>").Append(page.T("op.keyPurpose")).Append("</th><th>")
            .Append(page.T("op.keyState")).Append("</th><th>").Append(page.T("op.created")).Append("</th><th>").Append(page.T("op.expires")).Append("</th></tr>");
        // Subject keys (one per pupil) are counted, not listed: the shared keys and the roots are what an operator rotates.
        var all = keys.GetKeys();
        foreach (var key in all.Where(k => k.Purpose != FieldKeyPurpose.SubjectEncryption).OrderByDescending(k => k.CreatedAt))
        {
            html.Append("<tr><td><code>").Append(key.Id.ToString("x8", CultureInfo.InvariantCulture)).Append("</code>").Append(key.Id == keys.CurrentKey.Id ? " ✓" : string.Empty)
                .Append("</td><td>").Append(key.Purpose).Append("</td><td>").Append(key.State).Append("</td><td>").Append(Time(key.CreatedAt)).Append("</td><td>")
                .Append(Time(key.ExpiresAt)).Append("</td></tr>");
        }

        html.Append("</table><p id=\"subject-keys\">").Append(page.T("op.subjectKeys")).Append(": <span id=\"subject-keys-live\">")
            .Append(all.Count(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State != FieldKeyState.Destroyed)).Append("</span> · ")
            .Append(page.T("op.subjectKeysDestroyed")).Append(": <span id=\"subject-keys-destroyed\">")
            .Append(all.Count(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State == FieldKeyState.Destroyed)).Append("</span></p>")
            .Append("<form method=\"post\" action=\"/operator/keys/rotate\">").Append(page.FormFields())
            .Append("<button type=\"submit\" id=\"rotate-keys\">").Append(page.T("op.rotate")).Append("</button></form></section>");

        // Policies and re-consent.
        var current = await policies.GetCurrentAsync(null, cancel);
        var subjects = await db.Pupils.AsNoTracking().Select(p => p.Id).ToListAsync(cancel);
        var decisions = new Dictionary<ConsentDecision, int>();
        foreach (var subject in subjects)
        {
            var decision = await consents.GetDecisionAsync(subject.ToString(), PupilRegistrar.Purpose, null, cancel);
            decisions[decision] = decisions.GetValueOrDefault(decision) + 1;
        }

        html.Append("<section id=\"policy\"><h3>").Append(page.T("op.policy")).Append("</h3><p>").Append(page.T("home.policy")).Append(": <strong id=\"op-policy-version\">")
            .Append(current?.Version).Append("</strong> (").Append(current is null ? string.Empty : page.T(current.ChangeKind == PolicyChangeKind.Material ? "policy.material" : "policy.editorial"))
            .Append(")</p><table id=\"decisions\"><tr><th>").Append(page.T("list.consent")).Append("</th><th>").Append(page.T("op.pupils")).Append("</th></tr>");
        foreach (var (decision, count) in decisions.OrderBy(d => d.Key))
        {
            html.Append("<tr><td>").Append(page.T("decision." + decision)).Append("</td><td id=\"decision-").Append(decision).Append("\">").Append(count).Append("</td></tr>");
        }

        html.Append("</table><form method=\"post\" action=\"/operator/policy\">").Append(page.FormFields())
            .Append("<label for=\"note\">").Append(page.T("op.note.label")).Append("</label><input type=\"text\" id=\"note\" name=\"note\" maxlength=\"200\" required>")
            .Append("<label><input type=\"radio\" name=\"kind\" value=\"material\" checked> ").Append(page.T("policy.material")).Append("</label>")
            .Append("<label><input type=\"radio\" name=\"kind\" value=\"editorial\"> ").Append(page.T("policy.editorial")).Append("</label>")
            .Append("<button type=\"submit\" id=\"publish-policy\">").Append(page.T("op.publish")).Append("</button></form></section>");

        // Consent ledger.
        var verification = await consents.VerifyAsync(cancel);
        var events = new List<ConsentEvent>();
        await foreach (var e in ledger.ReadAllAsync(cancel))
        {
            events.Add(e);
        }

        html.Append("<section id=\"ledger\"><h3>").Append(page.T("op.ledger")).Append("</h3><p id=\"ledger-verification\" class=\"").Append(verification.IsIntact ? "ok" : "error").Append("\">")
            .Append(verification.IsIntact ? page.T("op.intact") : page.T("op.broken") + " " + verification.FirstBrokenPosition + " (" + verification.Break + ")")
            .Append("</p><p class=\"muted\">").Append(page.T("op.events")).Append(": ").Append(verification.EntryCount).Append(" · head <code>").Append(PageContext.E(verification.HeadHash))
            .Append("</code></p><table><tr><th>#</th><th>").Append(page.T("ledger.subjectId")).Append("</th><th>").Append(page.T("ledger.kind")).Append("</th><th>")
            .Append(page.T("policy.version")).Append("</th><th>").Append(page.T("ledger.givenBy")).Append("</th><th>").Append(page.T("ledger.time")).Append("</th></tr>");
        foreach (var e in events.OrderByDescending(e => e.Sequence).Take(Shown))
        {
            html.Append("<tr><td>").Append(e.Sequence).Append("</td><td><code>").Append(PageContext.E(e.SubjectId[..8])).Append("…</code></td><td>").Append(e.Kind).Append("</td><td>")
                .Append(e.PolicyVersion).Append("</td><td>").Append(e.GivenBy).Append("</td><td>").Append(Time(e.OccurredAt)).Append("</td></tr>");
        }

        var auditCheck = await audit.VerifyAsync(null, cancel);
        html.Append("</table></section><section id=\"audit\"><h3>").Append(page.T("op.audit")).Append("</h3><p id=\"audit-verification\" class=\"")
            .Append(auditCheck.IsIntact ? "ok" : "error").Append("\">")
            .Append(auditCheck.IsIntact ? page.T("op.intact") : page.T("op.broken") + " " + auditCheck.FirstBrokenPosition + " (" + auditCheck.Break + ")")
            .Append("</p><p class=\"muted\">").Append(page.T("op.events")).Append(": ").Append(auditCheck.EntryCount).Append("</p></section>");
        await AppendAccessLogAsync(html, page, accessLog, time, cancel);
        AppendMetrics(html, page, http.RequestServices.GetRequiredService<HrPlus.Privacy.Sample.Operations.MetricTotals>());
        await ClassReportSection.AppendAsync(html, page, http);
        return Layout.Page(page, "nav.operator", html.ToString());
    }

    private static async Task AppendAccessLogAsync(StringBuilder html, PageContext page, IAccessLogStore accessLog, TimeProvider time, CancellationToken cancel)
    {
        var now = time.GetUtcNow();
        var records = await accessLog.QueryAsync(now.AddDays(-1), now.AddMinutes(1), 500, cancel);
        html.Append("<section id=\"access-log\"><h3>").Append(page.T("op.accessLog")).Append("</h3><p class=\"muted\">").Append(page.T("op.accessLogNote"))
            .Append("</p><table><tr><th>").Append(page.T("ledger.time")).Append("</th><th>IP</th><th>").Append(page.T("op.request")).Append("</th><th>")
            .Append(page.T("op.status")).Append("</th><th>").Append(page.T("op.cookieNames")).Append("</th><th>ms</th></tr>");
        foreach (var record in records.OrderByDescending(r => r.Timestamp).Take(Shown))
        {
            html.Append("<tr><td>").Append(Time(record.Timestamp)).Append("</td><td><code>").Append(PageContext.E(record.ClientIp)).Append("</code></td><td>")
                .Append(PageContext.E(record.Method)).Append(' ').Append(PageContext.E(record.Path)).Append("</td><td>").Append(record.StatusCode).Append("</td><td>")
                .Append(PageContext.E(string.Join(", ", record.CookieNames))).Append("</td><td>").Append(record.DurationMilliseconds.ToString("0.0", CultureInfo.InvariantCulture))
                .Append("</td></tr>");
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var statistics = await accessLog.QueryIpStatisticsAsync(today.AddDays(-7), today, cancel);
        html.Append("</table></section><section id=\"ip-statistics\"><h3>").Append(page.T("op.ipStatistics")).Append("</h3>");
        html.Append(HrPlus.Privacy.Sample.Operations.DailyChart.Render(statistics, today, 8, page.Text("op.ipStatistics"), page.Text("op.requests"), page.Text("op.network")));
        html.Append("<table><tr><th>").Append(page.T("op.day")).Append("</th><th>").Append(page.T("op.network")).Append("</th><th>").Append(page.T("op.requests")).Append("</th></tr>");
        foreach (var statistic in statistics.OrderByDescending(s => s.Day).ThenByDescending(s => s.Requests))
        {
            html.Append("<tr><td>").Append(statistic.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td><code>").Append(PageContext.E(statistic.Network))
                .Append("</code></td><td>").Append(statistic.Requests).Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void AppendMetrics(StringBuilder html, PageContext page, HrPlus.Privacy.Sample.Operations.MetricTotals metrics)
    {
        html.Append("<section id=\"metrics\"><h3>").Append(page.T("op.metrics")).Append("</h3><p class=\"muted\">").Append(page.T("op.metricsNote"))
            .Append(" <a href=\"/health\">/health</a></p><table><tr><th>").Append(page.T("op.instrument")).Append("</th><th>").Append(page.T("op.value")).Append("</th></tr>");
        foreach (var (name, value) in metrics.Snapshot())
        {
            html.Append("<tr><td><code>").Append(PageContext.E(name)).Append("</code></td><td>").Append(value.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void AppendNotice(StringBuilder html, PageContext page, IQueryCollection query)
    {
        if (query.TryGetValue("rotated", out var rotated))
        {
            html.Append("<section id=\"rotation-result\" class=\"ok\">").Append(page.T("op.rotated")).Append(" <code>").Append(PageContext.E(rotated)).Append("</code>. ")
                .Append(page.T("op.rowsUpdated")).Append(": ").Append(PageContext.E(query["updated"])).Append(", ").Append(page.T("op.reencrypted")).Append(": ")
                .Append(PageContext.E(query["reencrypted"])).Append(", ").Append(page.T("op.failed")).Append(": ").Append(PageContext.E(query["failed"])).Append("</section>");
        }

        if (query.TryGetValue("published", out var published))
        {
            html.Append("<section id=\"publish-result\" class=\"ok\">").Append(page.T("op.published")).Append(' ').Append(PageContext.E(published)).Append("</section>");
        }

        if (query.ContainsKey("publishError"))
        {
            html.Append("<section id=\"publish-result\" class=\"error\">").Append(page.T("op.publishError")).Append("</section>");
        }
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
