using System.CommandLine;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Tool.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary><c>hrplus report anonymize | table</c>: depersonalized releases of a spreadsheet, audited like the API's.</summary>
internal static class ReportCommands
{
    public static Command Create(ToolEnvironment environment)
    {
        var report = new Command("report", "Depersonalized reports from a CSV file: a k-anonymous table, or a table of counts with small cells hidden.");

        var input = Input();
        var schema = new Option<string>("--schema") { Description = "The schema file (JSON): column roles and hierarchies.", Required = true };
        var k = K();
        var l = new Option<int?>("--l") { Description = "Distinct l-diversity of every sensitive column (at least 2)." };
        var t = new Option<double?>("--t") { Description = "t-closeness of every sensitive column (0 to 1)." };
        var output = Out();
        var actor = GlobalOptions.Actor();
        var purpose = Purpose();
        var anonymize = new Command("anonymize", "Generalizes and suppresses until every row shares its quasi-identifiers with k-1 others; writes the release as CSV.")
        {
            input, schema, k, l, t, output, actor, purpose,
        };
        CommandRunner.SetAction(anonymize, environment, (c, ct) => AnonymizeAsync(
            c, c.Parse.GetValue(input)!, c.Parse.GetValue(schema)!, new AnonymizationOptions { K = c.Parse.GetValue(k), L = c.Parse.GetValue(l), T = c.Parse.GetValue(t) },
            c.Parse.GetValue(output)!, Release(c, actor, purpose, output), ct));
        report.Add(anonymize);

        var tableInput = Input();
        var rows = new Option<string>("--rows") { Description = "The column whose values are the table's rows.", Required = true };
        var columns = new Option<string?>("--columns") { Description = "The column whose values are the table's columns (default: one column of counts)." };
        var means = new Option<string[]>("--mean") { Description = "A numeric column to average per cell (repeatable).", AllowMultipleArgumentsPerToken = false };
        var subject = new Option<string?>("--subject") { Description = "The column holding the subject id, so one subject counts once." };
        var tableK = K();
        var tableOut = Out();
        var tableActor = GlobalOptions.Actor();
        var tablePurpose = Purpose();
        var table = new Command("table", "Counts (and means) per row and column value, hiding cells under k and their complements; writes CSV.")
        {
            tableInput, rows, columns, means, subject, tableK, tableOut, tableActor, tablePurpose,
        };
        CommandRunner.SetAction(table, environment, (c, ct) => TableAsync(
            c, c.Parse.GetValue(tableInput)!,
            new AggregateRequest { RowColumn = c.Parse.GetValue(rows)!, ColumnColumn = c.Parse.GetValue(columns), MeanColumns = c.Parse.GetValue(means) ?? [], SubjectColumn = c.Parse.GetValue(subject), K = c.Parse.GetValue(tableK) },
            c.Parse.GetValue(tableOut)!, Release(c, tableActor, tablePurpose, tableOut), ct));
        report.Add(table);
        return report;
    }

    private static Option<string> Input() => new("--input", "-i") { Description = "The data (CSV with a header line).", Required = true };

    private static Option<string> Out() => new("--out", "-o") { Description = "The CSV file to write (not overwritten).", Required = true };

    private static Option<int> K() => new("--k") { Description = "The smallest group size (default 5).", DefaultValueFactory = _ => 5 };

    private static Option<string> Purpose() => new("--purpose") { Description = "The purpose code of the release, as recorded in the audit trail (default statistics).", DefaultValueFactory = _ => "statistics" };

    private static ReleaseContext Release(CommandContext c, Option<string> actor, Option<string> purpose, Option<string> output) => new()
    {
        Actor = c.Parse.GetValue(actor)!,
        Purpose = c.Parse.GetValue(purpose)!,
        ReportName = Path.GetFileNameWithoutExtension(c.Parse.GetValue(output)!),
    };

    private static async Task<int> AnonymizeAsync(CommandContext context, string input, string schemaFile, AnonymizationOptions options, string output, ReleaseContext release, CancellationToken cancellationToken)
    {
        var outPath = CheckOut(output);
        var schema = SchemaFile.Read(schemaFile);
        var data = ReadDataset(input);
        var host = await context.HostAsync().ConfigureAwait(false);
        var depersonalizer = host.Services.GetRequiredService<IDepersonalizer>();
        var result = await context.Output.ProgressAsync($"Anonymizing {data.RowCount} rows", _ =>
            depersonalizer.AnonymizeAsync(data, schema, options, release, cancellationToken).AsTask()).ConfigureAwait(false);
        Write(outPath, result.Columns, result.Rows);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("file", outPath);
            json.WriteNumber("inputRows", result.InputRowCount);
            json.WriteNumber("rows", result.Rows.Count);
            json.WriteNumber("suppressedRows", result.SuppressedRowCount);
            json.WriteNumber("classes", result.ClassCount);
            json.WriteNumber("smallestClass", result.SmallestClassSize);
            json.WriteStartObject("levels");
            foreach (var (column, level) in result.Levels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(column, level);
            }

            json.WriteEndObject();
            json.WriteStartArray("models");
            foreach (var model in result.ModelsMet)
            {
                json.WriteStringValue(model);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        context.Output.Line($"Wrote {result.Rows.Count} of {result.InputRowCount} rows to {outPath} ({result.SuppressedRowCount} suppressed; {result.ClassCount} classes, the smallest of {result.SmallestClassSize}; {string.Join(", ", result.ModelsMet)}).");
        return ExitCodes.Success;
    }

    private static async Task<int> TableAsync(CommandContext context, string input, AggregateRequest request, string output, ReleaseContext release, CancellationToken cancellationToken)
    {
        var outPath = CheckOut(output);
        var data = ReadDataset(input);
        var host = await context.HostAsync().ConfigureAwait(false);
        var depersonalizer = host.Services.GetRequiredService<IDepersonalizer>();
        var report = await depersonalizer.AggregateAsync(data, request, release, cancellationToken).ConfigureAwait(false);
        var header = new List<string> { request.RowColumn };
        header.AddRange(report.ColumnLabels);
        header.Add(AggregateRequest.AllLabel);
        var rows = new List<IReadOnlyList<string>>();
        for (var r = 0; r < report.RowLabels.Count; r++)
        {
            var row = new List<string> { report.RowLabels[r] };
            row.AddRange(report.Cells[r].Select(Cell));
            row.Add(Cell(report.RowTotals[r]));
            rows.Add(row);
        }

        var totals = new List<string> { AggregateRequest.AllLabel };
        totals.AddRange(report.ColumnTotals.Select(Cell));
        totals.Add(Cell(report.GrandTotal));
        rows.Add(totals);
        Write(outPath, header, rows);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("file", outPath);
            json.WriteNumber("rows", report.RowLabels.Count);
            json.WriteNumber("columns", report.ColumnLabels.Count);
            json.WriteNumber("primarySuppressed", report.PrimarySuppressed);
            json.WriteNumber("complementarySuppressed", report.ComplementarySuppressed);
            json.WriteEndObject();
        });
        context.Output.Line($"Wrote a {report.RowLabels.Count} x {report.ColumnLabels.Count} table to {outPath} ({report.PrimarySuppressed} cells hidden under k = {report.K}, {report.ComplementarySuppressed} more to protect them).");
        return ExitCodes.Success;
    }

    private static string Cell(AggregateCell cell) =>
        cell.IsHidden ? Hierarchy.Suppressed : cell.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string CheckOut(string output)
    {
        var path = Path.GetFullPath(output);
        return File.Exists(path) ? throw new ToolException(ExitCodes.Refused, $"'{path}' exists already: the tool does not overwrite a report.") : path;
    }

    private static Dataset ReadDataset(string input)
    {
        var path = Path.GetFullPath(input);
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.NotFound, $"The input file '{path}' does not exist.");
        }

        using var reader = new StreamReader(path);
        var (header, rows) = CsvFile.Read(reader, Path.GetFileName(path));
        var data = new Dataset(header);
        foreach (var row in rows)
        {
            data.Add(row);
        }

        return data;
    }

    private static void Write(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        CsvFile.WriteRecord(writer, header);
        foreach (var row in rows)
        {
            CsvFile.WriteRecord(writer, row);
        }
    }
}
