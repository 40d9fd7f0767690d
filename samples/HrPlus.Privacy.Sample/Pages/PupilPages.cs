using System.Text;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Web;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The pupil list (names decrypted, IINs and contacts masked), search through blind indexes, one pupil's record.</summary>
public static class PupilPages
{
    /// <summary>
    /// Maps <c>GET /pupils</c> (all), <c>POST /pupils</c> (search) and <c>GET /pupils/{id}</c>. The search is a POST so
    /// that an IIN or phone never lands in a URL, and so never in browser history, referers or request logs.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/pupils", (HttpContext http, SchoolDb db, IConsentService consents, TimeProvider time) => ListAsync(http, db, consents, time, null));
        app.MapPost("/pupils", (HttpContext http, SchoolDb db, IConsentService consents, TimeProvider time) =>
            ListAsync(http, db, consents, time, http.Request.Form["q"].ToString())).WithFormChecks();
        app.MapGet("/pupils/{id:guid}", RecordAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, SchoolDb db, IConsentService consents, TimeProvider time, string? q)
    {
        var page = PageContext.For(http);
        var query = q?.Trim() ?? string.Empty;
        List<Pupil> pupils;
        string? searchedBy = null;
        if (query.Length == 0)
        {
            // Blocked pupils are left out: one block must not break the whole list.
            pupils = await db.Pupils.WhereSubjectNotBlocked().AsNoTracking().ToListAsync(http.RequestAborted);
        }
        else if (Iin.TryParse(query.Replace(" ", string.Empty, StringComparison.Ordinal), out var iin))
        {
            searchedBy = "list.byIin";
            pupils = await db.Pupils.FindByEncryptedValueAsync(p => p.Iin, iin.ToString(), http.RequestAborted);
        }
        else
        {
            searchedBy = "list.byPhone";
            pupils = ContactValidation.NormalizePhone(query) is { } phone
                ? await db.Pupils.FindByEncryptedValueAsync(p => p.ParentPhone, phone, http.RequestAborted)
                : [];
        }

        var html = new StringBuilder();
        html.Append("<section><form id=\"search-form\" method=\"post\" action=\"/pupils\">").Append(page.FormFields())
            .Append("<label for=\"q\">").Append(page.T("list.search")).Append("</label><input type=\"text\" id=\"q\" name=\"q\" autocomplete=\"off\">")
            .Append(" <button type=\"submit\" id=\"search-submit\">").Append(page.T("list.find")).Append("</button></form>")
            .Append("<p class=\"muted\">").Append(page.T("list.searchHint")).Append("</p></section><section>");
        if (searchedBy is not null)
        {
            html.Append("<p>").Append(page.T(searchedBy)).Append(" · <a href=\"").Append(page.Url("/pupils")).Append("\">").Append(page.T("list.all")).Append("</a></p>");
        }

        html.Append("<p>").Append(page.T("list.found")).Append(": <strong id=\"result-count\">").Append(pupils.Count).Append("</strong></p>");
        if (pupils.Count > 0)
        {
            html.Append("<table id=\"pupils\"><tr><th>").Append(page.T("reg.fullName")).Append("</th><th>").Append(page.T("reg.iin")).Append("</th><th>")
                .Append(page.T("reg.parentPhone")).Append("</th><th>").Append(page.T("reg.parentEmail")).Append("</th><th>").Append(page.T("list.minor"))
                .Append("</th><th>").Append(page.T("list.consent")).Append("</th></tr>");
            var today = PupilRegistrar.Today(time);
            foreach (var pupil in pupils.OrderBy(p => p.FullName, StringComparer.CurrentCulture))
            {
                var decision = await consents.GetDecisionAsync(pupil.Id.ToString(), PupilRegistrar.Purpose, null, http.RequestAborted);
                html.Append("<tr data-pupil-id=\"").Append(pupil.Id).Append("\"><td><a href=\"").Append(page.Url($"/pupils/{pupil.Id}")).Append("\">")
                    .Append(PageContext.E(pupil.FullName)).Append("</a></td><td><code>").Append(PageContext.E(PersonalDataMask.Iin(pupil.Iin)))
                    .Append("</code></td><td>").Append(PageContext.E(PersonalDataMask.Phone(pupil.ParentPhone))).Append("</td><td>")
                    .Append(PageContext.E(PersonalDataMask.Email(pupil.ParentEmail))).Append("</td><td>")
                    .Append(page.T(Iin.TryParse(pupil.Iin, out var iin) && iin.IsMinorOn(today) ? "common.yes" : "common.no")).Append("</td><td>")
                    .Append(page.T("decision." + decision)).Append("</td></tr>");
            }

            html.Append("</table>");
        }
        else
        {
            html.Append("<p id=\"no-results\">").Append(page.T("list.none")).Append("</p>");
        }

        html.Append("</section>");
        return Layout.Page(page, "nav.pupils", html.ToString());
    }

    /// <summary>The actor recorded for the sample's operator (a real app records the signed-in user's id).</summary>
    public const string OperatorActor = "sample-operator";

    private static async Task<IResult> RecordAsync(HttpContext http, SchoolDb db, IConsentService consents, IAuditTrail audit, TimeProvider time, Guid id)
    {
        var page = PageContext.For(http);
        Pupil? pupil;
        try
        {
            pupil = await db.Pupils.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, http.RequestAborted);
        }
        catch (FieldDecryptionException ex) when (Unreadable(page, ex) is { } answer)
        {
            return answer;
        }

        if (pupil is null)
        {
            return Layout.Page(page, "nav.pupils", $"<p class=\"error\">{page.T("error.notFound")}</p>", StatusCodes.Status404NotFound);
        }

        var iin = Iin.Parse(pupil.Iin);
        var today = PupilRegistrar.Today(time);
        var subject = pupil.Id.ToString();
        var decision = await consents.GetDecisionAsync(subject, PupilRegistrar.Purpose, null, http.RequestAborted);
        var history = await consents.GetHistoryAsync(subject, http.RequestAborted);

        // Opening a record is one audited access (not one per decrypted field).
        await audit.AppendAsync(
            new AuditEvent { Operation = AuditOperation.Access, Actor = OperatorActor, SubjectId = subject, Purpose = PupilRegistrar.Purpose, Target = "Pupil" },
            http.RequestAborted);
        var trail = await audit.GetBySubjectAsync(subject, http.RequestAborted);
        var html = new StringBuilder();
        if (http.Request.Query.ContainsKey("registered"))
        {
            html.Append("<p class=\"ok\" id=\"registered\">").Append(page.T("record.registered")).Append("</p>");
        }

        if (http.Request.Query.ContainsKey("reconsented"))
        {
            html.Append("<p class=\"ok\" id=\"reconsented\">").Append(page.T("record.reconsented")).Append("</p>");
        }

        if (http.Request.Query.ContainsKey("consentError"))
        {
            html.Append("<p class=\"error\" id=\"consent-error\">").Append(page.T("err.consent")).Append("</p>");
        }

        html.Append("<section id=\"pupil-record\"><table>")
            .Append(Row(page, "reg.fullName", PageContext.E(pupil.FullName), "record-name"))
            .Append(Row(page, "reg.iin", "<code>" + PageContext.E(PersonalDataMask.Iin(iin)) + "</code>", "record-iin"))
            .Append(Row(page, "record.age", iin.AgeOn(today).ToString(System.Globalization.CultureInfo.InvariantCulture), "record-age"))
            .Append(Row(page, "reg.parentPhone", PageContext.E(PersonalDataMask.Phone(pupil.ParentPhone)), "record-phone"))
            .Append(Row(page, "reg.parentEmail", PageContext.E(PersonalDataMask.Email(pupil.ParentEmail)), "record-email"));
        if (pupil.RepresentativeName is not null)
        {
            html.Append(Row(page, "reg.representativeName", PageContext.E(pupil.RepresentativeName) + " (" + page.T("rel." + Camel(pupil.RepresentativeRelationship.ToString())) + ")", "record-representative"));
        }

        html.Append(Row(page, "list.consent", page.T("decision." + decision), "record-decision")).Append("</table><p class=\"muted\">")
            .Append(page.T("record.masked")).Append("</p>");
        if (decision != ConsentDecision.Granted)
        {
            html.Append("<form method=\"post\" action=\"/pupils/").Append(pupil.Id).Append("/consent\">").Append(page.FormFields())
                .Append("<button type=\"submit\" id=\"reconsent\">").Append(page.T("record.reconsent")).Append("</button></form>");
        }

        if (http.Request.Query.ContainsKey("updated"))
        {
            html.Append("<p class=\"ok\" id=\"updated\">").Append(page.T("edit.updated")).Append("</p>");
        }

        html.Append("<p><a id=\"edit-link\" href=\"").Append(page.Url($"/pupils/{pupil.Id}/edit")).Append("\">").Append(page.T("edit.title")).Append("</a></p>");
        ErasureAction.AppendForm(html, page, pupil.Id);
        html.Append("</section><section><h3>").Append(page.T("record.history")).Append("</h3><table><tr><th>#</th><th>")
            .Append(page.T("ledger.kind")).Append("</th><th>").Append(page.T("policy.version")).Append("</th><th>").Append(page.T("ledger.givenBy"))
            .Append("</th><th>").Append(page.T("ledger.time")).Append("</th><th>SHA-256</th></tr>");
        foreach (var e in history)
        {
            html.Append("<tr><td>").Append(e.Sequence).Append("</td><td>").Append(e.Kind).Append("</td><td>").Append(e.PolicyVersion).Append(" (").Append(e.Language)
                .Append(")</td><td>").Append(e.GivenBy == ConsentGiverKind.Representative ? page.T("rel." + Camel(e.Relationship.ToString())) : page.T("ledger.subject"))
                .Append("</td><td>").Append(e.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'")).Append("</td><td><code>").Append(e.Hash[..16]).Append("…</code></td></tr>");
        }

        html.Append("</table></section><section id=\"audit\"><h3>").Append(page.T("record.audit")).Append("</h3><table><tr><th>#</th><th>")
            .Append(page.T("ledger.kind")).Append("</th><th>").Append(page.T("record.actor")).Append("</th><th>").Append(page.T("ledger.time")).Append("</th></tr>");
        foreach (var entry in trail.OrderByDescending(e => e.Sequence))
        {
            html.Append("<tr><td>").Append(entry.Sequence).Append("</td><td>").Append(entry.Operation).Append("</td><td>").Append(PageContext.E(entry.Actor))
                .Append("</td><td>").Append(entry.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'")).Append("</td></tr>");
        }

        html.Append("</table></section>");
        return Layout.Page(page, "record.title", html.ToString());
    }

    /// <summary>
    /// The page for a pupil whose row cannot be read: blocked (423), or erased (410: their key is destroyed, so a copy of
    /// the row, say from a restored backup, stays unreadable); null for any other failure, which stays an error.
    /// </summary>
    internal static IResult? Unreadable(PageContext page, FieldDecryptionException ex) => ex.Reason switch
    {
        FieldDecryptionFailureReason.SubjectBlocked =>
            Layout.Page(page, "nav.pupils", $"<p class=\"error\" id=\"pupil-blocked\">{page.T("error.blocked")}</p>", StatusCodes.Status423Locked),
        FieldDecryptionFailureReason.KeyDestroyed =>
            Layout.Page(page, "nav.pupils", $"<p class=\"error\" id=\"pupil-erased\">{page.T("error.erased")}</p>", StatusCodes.Status410Gone),
        _ => null,
    };

    private static string Row(PageContext page, string labelKey, string valueHtml, string id) =>
        $"<tr><th>{page.T(labelKey)}</th><td id=\"{id}\">{valueHtml}</td></tr>";

    private static string Camel(string value) => char.ToLowerInvariant(value[0]) + value[1..];
}
