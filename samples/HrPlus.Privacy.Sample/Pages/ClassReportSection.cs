using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Sample.Reports;
using HrPlus.Privacy.Sample.Web;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// The operator page's class report: the monitoring results as the school holds them (before), and, after an export, the
/// k = 5 output that leaves the school with what was generalized and suppressed, and the class × anxiety table with its
/// small cells hidden.
/// </summary>
public static class ClassReportSection
{
    private const int Shown = 10;

    /// <summary>Maps <c>POST /operator/class-report</c>: exports, then shows the result on the operator page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/operator/class-report", async (HttpContext http, ClassReportExports exports) =>
        {
            var page = PageContext.For(http);
            var name = await exports.ExportAsync(http.RequestAborted);
            return Results.Redirect(PageContext.UrlIn("/operator?classReport=" + name, page.Language) + "#class-report");
        }).WithFormChecks();

    /// <summary>Appends the section.</summary>
    public static async Task AppendAsync(StringBuilder html, PageContext page, HttpContext http)
    {
        var data = ClassReport.Results();
        html.Append("<section id=\"class-report\"><h3>").Append(page.T("cr.title")).Append("</h3><p class=\"muted\">").Append(page.T("cr.note"))
            .Append("</p><h4>").Append(page.T("cr.before")).Append("</h4><p id=\"cr-before-count\">").Append(page.T("cr.pupils")).Append(": ").Append(data.RowCount)
            .Append("</p><table id=\"cr-before\"><tr><th>").Append(page.T("cr.name")).Append("</th><th>IIN</th><th>").Append(page.T("cr.class")).Append("</th><th>")
            .Append(page.T("cr.anxiety")).Append("</th><th>").Append(page.T("cr.motivation")).Append("</th></tr>");
        foreach (var row in data.Rows.Take(Shown))
        {
            html.Append("<tr><td>").Append(PageContext.E(row[0])).Append("</td><td><code>").Append(PageContext.E(PersonalDataMask.Iin(row[1]))).Append("</code></td><td>")
                .Append(PageContext.E(row[2])).Append("</td><td>").Append(PageContext.E(row[3])).Append("</td><td>").Append(PageContext.E(row[4])).Append("</td></tr>");
        }

        html.Append("</table><form method=\"post\" action=\"/operator/class-report\">").Append(page.FormFields())
            .Append("<button type=\"submit\" id=\"export-class-report\">").Append(page.T("cr.export")).Append("</button></form>");
        var exports = http.RequestServices.GetRequiredService<ClassReportExports>();
        var name = http.Request.Query["classReport"].ToString();
        await using (var rows = exports.Open(name, ".json"))
        await using (var table = exports.Open(name, ".table.json"))
        {
            if (rows is not null && table is not null)
            {
                using var rowsJson = await JsonDocument.ParseAsync(rows, default, http.RequestAborted);
                using var tableJson = await JsonDocument.ParseAsync(table, default, http.RequestAborted);
                AppendAfter(html, page, name, rowsJson.RootElement, tableJson.RootElement);
            }
        }

        html.Append("</section>");
    }

    private static void AppendAfter(StringBuilder html, PageContext page, string name, JsonElement rows, JsonElement table)
    {
        var report = rows.GetProperty("report");
        html.Append("<h4>").Append(page.T("cr.after")).Append("</h4><p class=\"muted\">").Append(page.T("cr.files")).Append(" <code>exports/").Append(PageContext.E(name))
            .Append(".csv</code>, <code>.report.csv</code>, <code>.json</code>, <code>.table.csv</code>, <code>.table.json</code></p><ul id=\"cr-report\">")
            .Append("<li>").Append(page.T("cr.models")).Append(": ").Append(PageContext.E(string.Join(", ", report.GetProperty("modelsMet").EnumerateArray().Select(m => m.GetString())))).Append("</li>")
            .Append("<li>").Append(page.T("cr.levels")).Append(": ")
            .Append(PageContext.E(string.Join(", ", report.GetProperty("levels").EnumerateObject().Select(l => l.Name + " → " + l.Value.GetInt32())))).Append("</li>")
            .Append("<li id=\"cr-released\">").Append(page.T("cr.released")).Append(": ").Append(report.GetProperty("releasedRows").GetInt32()).Append("</li>")
            .Append("<li id=\"cr-suppressed\">").Append(page.T("cr.suppressed")).Append(": ").Append(report.GetProperty("suppressedRows").GetInt32()).Append("</li>")
            .Append("<li>").Append(page.T("cr.smallest")).Append(": ").Append(report.GetProperty("smallestClass").GetInt32()).Append("</li></ul><table id=\"cr-after\"><tr>");
        foreach (var column in rows.GetProperty("columns").EnumerateArray())
        {
            html.Append("<th>").Append(PageContext.E(column.GetString())).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows.GetProperty("rows").EnumerateArray().Take(Shown))
        {
            html.Append("<tr>");
            foreach (var value in row.EnumerateArray())
            {
                html.Append("<td>").Append(PageContext.E(value.GetString())).Append("</td>");
            }

            html.Append("</tr>");
        }

        // The table: classes down, anxiety bands across, "count (mean motivation)" per cell, x where hidden.
        var cells = table.GetProperty("cells").EnumerateArray().ToList();
        var bands = cells.Select(c => c.GetProperty("column").GetString()!).Distinct().ToList();
        html.Append("</table><h4>").Append(page.T("cr.table")).Append("</h4><p class=\"muted\">").Append(page.T("cr.tableNote")).Append("</p><table id=\"cr-table\"><tr><th>")
            .Append(page.T("cr.class")).Append("</th>");
        foreach (var band in bands)
        {
            html.Append("<th>").Append(band == "total" ? page.T("cr.total") : page.T("cr.anxiety") + " " + PageContext.E(band)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var group in cells.GroupBy(c => c.GetProperty("row").GetString()))
        {
            html.Append("<tr><td>").Append(group.Key == "total" ? page.T("cr.total") : PageContext.E(group.Key)).Append("</td>");
            foreach (var cell in group)
            {
                var count = cell.GetProperty("count");
                var mean = cell.GetProperty("means")[0];
                html.Append("<td>").Append(count.ValueKind == JsonValueKind.Number ? count.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "x");
                if (mean.ValueKind == JsonValueKind.Number)
                {
                    html.Append(" (").Append(mean.GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
                }

                html.Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }
}
