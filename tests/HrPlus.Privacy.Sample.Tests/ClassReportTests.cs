using System.Net;
using System.Text.RegularExpressions;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Sample.Reports;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

public sealed partial class ClassReportTests
{
    [Fact]
    public async Task Operator_ClassReport_ShowsTheSchoolsDataWithMaskedIins()
    {
        await using var server = await SampleServer.StartAsync();

        var (status, html) = await server.GetAsync("/operator?lang=en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<p id=\"cr-before-count\">Pupils: 101</p>", html, StringComparison.Ordinal);
        var before = Regex.Match(html, "<table id=\"cr-before\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(11, Regex.Count(before, "<tr>"));
        Assert.DoesNotMatch(TwelveDigits(), before);
        Assert.DoesNotContain("id=\"cr-after\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportClassReport_WritesAK5ReportAndShowsItAfterwards()
    {
        await using var server = await SampleServer.StartAsync();
        var audit = server.Services.GetRequiredService<IAuditStore>();
        var entriesBefore = await CountAsync(audit);

        using var exported = await server.PostFormAsync("/operator?lang=en", "/operator/class-report", [new("lang", "en")]);
        Assert.Equal(HttpStatusCode.Redirect, exported.StatusCode);
        var location = exported.Headers.Location!.OriginalString;
        var name = Regex.Match(location, "classReport=(class-report-[0-9-]+)").Groups[1].Value;
        Assert.Matches("^/operator\\?classReport=class-report-[0-9]{8}-[0-9]{9}&lang=en#class-report$", location);
        var (_, html) = await server.GetAsync(location);

        // The exported rows: no names, no IIN digits, every group of (birth year and sex, class) at least 5 pupils.
        var lines = await File.ReadAllLinesAsync(Path.Combine(server.Folder.FullName, "exports", name + ".csv"));
        Assert.Equal("iin,class,anxiety,motivation,band", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var names = ClassReport.Results().Rows.Select(r => r[0]).ToHashSet();
        Assert.DoesNotContain(rows.SelectMany(r => r), names.Contains);
        Assert.DoesNotContain(lines, l => TwelveDigits().IsMatch(l));
        Assert.All(rows.GroupBy(r => (r[0], r[1])), g => Assert.True(g.Count() >= ClassReport.K));
        Assert.All(rows.GroupBy(r => (r[0], r[1])), g => Assert.True(g.Select(r => r[2]).Distinct().Count() >= 2));
        Assert.InRange(101 - rows.Count, 0, 5);
        Assert.Contains($"<li id=\"cr-released\">Pupils released: {rows.Count}</li>", html, StringComparison.Ordinal);
        Assert.Contains($"<li id=\"cr-suppressed\">Pupils suppressed: {101 - rows.Count}</li>", html, StringComparison.Ordinal);

        // The table: no published count between 1 and 4; class 8В (3 pupils) is hidden.
        var table = (await File.ReadAllLinesAsync(Path.Combine(server.Folder.FullName, "exports", name + ".table.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.DoesNotContain(table, r => int.TryParse(r[2], out var count) && count is > 0 and < ClassReport.K);
        Assert.Equal("x", table.Single(r => r[0] == "8В" && r[1] == "total")[2]);
        Assert.Contains("<table id=\"cr-table\">", html, StringComparison.Ordinal);

        // Two audited runs: the rows and the table.
        Assert.Equal(entriesBefore + 2, await CountAsync(audit));
    }

    [Fact]
    public async Task Operator_ClassReportWithAForeignName_ShowsNoResult()
    {
        await using var server = await SampleServer.StartAsync();
        var (status, html) = await server.GetAsync("/operator?lang=en&classReport=..%2F..%2Fschool");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id=\"cr-after\"", html, StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(IAuditStore audit)
    {
        var count = 0;
        await foreach (var _ in audit.ReadAllAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("[0-9]{12}")]
    private static partial Regex TwelveDigits();
}
