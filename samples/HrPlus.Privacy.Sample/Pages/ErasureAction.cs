using System.Globalization;
using System.Text;
using HrPlus.Privacy.Sample.Web;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// Erasure of a pupil (policy clause 1.1.9, destruction on request): the form on the pupil's record, the action, and the
/// section that shows an erasure and what it destroyed, read back from the SDK's erasure record (so every instance
/// shows the same, whichever one erased).
/// </summary>
public static class ErasureAction
{
    /// <summary>Maps <c>POST /operator/pupils/{id}/erase</c> and <c>GET /operator/erasures/{id}</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/operator/pupils/{id:guid}/erase", async (HttpContext http, ISubjectErasure erasure, Guid id) =>
        {
            var page = PageContext.For(http);
            var reason = http.Request.Form["reason"].ToString().Trim();
            if (reason.Length is 0 or > ErasureRequest.MaxReasonLength)
            {
                return Layout.Page(page, "erase.title", $"<p class=\"error\" id=\"erase-error\">{page.T("erase.reasonRequired")}</p>", StatusCodes.Status400BadRequest);
            }

            try
            {
                await erasure.EraseAsync(new ErasureRequest { SubjectId = id.ToString(), ErasedBy = PupilPages.OperatorActor, Reason = reason }, http.RequestAborted);
            }
            catch (KeyNotFoundException)
            {
                return Layout.Page(page, "erase.title", $"<p class=\"error\" id=\"erase-error\">{page.T("erase.unknown")}</p>", StatusCodes.Status404NotFound);
            }
            catch (ArgumentException)
            {
                return Layout.Page(page, "erase.title", $"<p class=\"error\" id=\"erase-error\">{page.T("erase.reasonRequired")}</p>", StatusCodes.Status400BadRequest);
            }

            return Results.Redirect(PageContext.UrlIn($"/operator?erased={id}", page.Language) + "#erasure");
        }).WithFormChecks();

        app.MapGet("/operator/erasures/{id:guid}", async (HttpContext http, IErasureStore erasures, IOptions<PrivacyOptions> options, Guid id) =>
        {
            var page = PageContext.For(http);
            var html = new StringBuilder();
            var found = await AppendAsync(html, page, erasures, options.Value, id, http.RequestAborted);
            return Layout.Page(page, "erase.title", html.ToString(), found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
        });
    }

    /// <summary>Appends the erase form to a pupil's record.</summary>
    public static void AppendForm(StringBuilder html, PageContext page, Guid id) =>
        html.Append("<form id=\"erase-form\" method=\"post\" action=\"/operator/pupils/").Append(id).Append("/erase\">").Append(page.FormFields())
            .Append("<label for=\"reason\">").Append(page.T("erase.reason")).Append("</label><input type=\"text\" id=\"reason\" name=\"reason\" maxlength=\"")
            .Append(ErasureRequest.MaxReasonLength).Append("\" required><p class=\"muted\">").Append(page.T("erase.note"))
            .Append("</p><button type=\"submit\" id=\"erase-pupil\">").Append(page.T("erase.button")).Append("</button></form>");

    /// <summary>
    /// Appends the section on the subject's latest erasure: when, by whom, why, and what it destroyed (keys, rows by
    /// source, access-log records), or that it erased nothing. Returns false when the subject was never erased.
    /// </summary>
    public static async Task<bool> AppendAsync(StringBuilder html, PageContext page, IErasureStore erasures, PrivacyOptions options, Guid id, CancellationToken cancellationToken)
    {
        var record = await erasures.FindLatestAsync(id.ToString(), cancellationToken);
        html.Append("<section id=\"erasure\"><h3>").Append(page.T("erase.title")).Append("</h3>");
        if (record is null)
        {
            html.Append("<p class=\"error\" id=\"erasure-none\">").Append(page.T("erase.none")).Append("</p></section>");
            return false;
        }

        var rows = record.RecordsDeleted.Values.Sum();
        var keys = record.KeysDestroyed ?? 0;
        var nothing = record.IsComplete && keys == 0 && rows == 0;
        html.Append("<p id=\"erasure-state\" class=\"").Append(nothing ? "error" : record.IsComplete ? "ok" : "error").Append("\">")
            .Append(page.T(nothing ? "erase.nothing" : record.IsComplete ? "erase.done" : "erase.incomplete")).Append("</p><table>")
            .Append(Row(page, "erase.subject", "<code>" + PageContext.E(record.SubjectId) + "</code>", "erasure-subject"))
            .Append(Row(page, "erase.requested", Time(record.RequestedAt) + " · " + PageContext.E(record.ErasedBy), "erasure-requested"))
            .Append(Row(page, "erase.reason", PageContext.E(record.Reason), "erasure-reason"))
            .Append(Row(page, "erase.keys", keys.ToString(CultureInfo.InvariantCulture), "erasure-keys"));
        foreach (var (source, count) in record.RecordsDeleted.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            html.Append("<tr><th>").Append(page.T("erase.rows")).Append(" (").Append(PageContext.E(source)).Append(")</th><td id=\"erasure-rows-").Append(PageContext.E(source))
                .Append("\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append(Row(page, "erase.accessRecords", (record.AccessRecordsDeleted ?? 0).ToString(CultureInfo.InvariantCulture), "erasure-access"))
            .Append(Row(page, "erase.auditEntry", record.AuditSequence?.ToString(CultureInfo.InvariantCulture) ?? "–", "erasure-audit"));
        if (record.CompletedAt is { } completed && keys > 0)
        {
            // The SDK's bound: the epoch key that wrapped the pupil's key ends within one epoch and is kept for the
            // backup retention after that; once it is destroyed no restored backup can read the pupil again.
            var unreadable = completed + options.Encryption.SubjectKeyEpoch + options.Encryption.BackupRetention;
            html.Append(Row(page, "erase.backups", Time(unreadable), "erasure-backups"));
        }

        html.Append("</table></section>");
        return true;
    }

    private static string Row(PageContext page, string labelKey, string valueHtml, string id) =>
        $"<tr><th>{page.T(labelKey)}</th><td id=\"{id}\">{valueHtml}</td></tr>";

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
