using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Sample.Reports;

/// <summary>Runs and keeps the class report exports: CSV and JSON files in the data folder's <c>exports</c> subfolder.</summary>
public sealed partial class ClassReportExports(string directory, IDepersonalizer depersonalizer, TimeProvider time)
{
    /// <summary>Runs the report (two audited runs: the rows and the table) and writes its files; returns the export's name.</summary>
    public async Task<string> ExportAsync(CancellationToken cancellationToken)
    {
        var data = ClassReport.Results();
        var release = new ReleaseContext { Actor = "operator", Purpose = "monitoring-report", ReportName = "class-report" };
        var rows = await depersonalizer.AnonymizeAsync(data, ClassReport.Schema(), ClassReport.Options(), release, cancellationToken);
        var table = await depersonalizer.AggregateAsync(data, ClassReport.Table(), release, cancellationToken);
        Directory.CreateDirectory(directory);
        var name = "class-report-" + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture);
        await WriteAsync(name + ".csv", writer => DepersonalizedExport.WriteCsv(rows, writer));
        await WriteAsync(name + ".report.csv", writer => DepersonalizedExport.WriteReportCsv(rows, writer));
        await WriteAsync(name + ".table.csv", writer => DepersonalizedExport.WriteCsv(table, writer));
        await using (var json = File.Create(Path.Combine(directory, name + ".json")))
        {
            DepersonalizedExport.WriteJson(rows, json);
        }

        await using (var json = File.Create(Path.Combine(directory, name + ".table.json")))
        {
            DepersonalizedExport.WriteJson(table, json);
        }

        return name;
    }

    /// <summary>Opens one file of an export, or null when the name is not an export's or the file is missing.</summary>
    public Stream? Open(string? name, string suffix) =>
        name is not null && ExportName().IsMatch(name) && File.Exists(Path.Combine(directory, name + suffix))
            ? File.OpenRead(Path.Combine(directory, name + suffix))
            : null;

    private async Task WriteAsync(string file, Action<TextWriter> write)
    {
        await using var writer = new StreamWriter(Path.Combine(directory, file), false, new UTF8Encoding(false));
        write(writer);
    }

    [GeneratedRegex("^class-report-[0-9]{8}-[0-9]{9}$")]
    private static partial Regex ExportName();
}
