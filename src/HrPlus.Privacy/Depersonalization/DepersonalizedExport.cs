using System.Globalization;
using System.Text.Json;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>Writes depersonalized output as CSV (RFC 4180) and JSON, with the report of what was generalized and suppressed.</summary>
/// <remarks>
/// CSV cells that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
/// carriage return, unless the cell is a number) get a leading apostrophe. Aggregate exports show a hidden cell as
/// <see cref="HiddenMarker"/> and never say why it is hidden: a primary cell's reason would tell its count is under k.
/// </remarks>
public static class DepersonalizedExport
{
    /// <summary>What an export shows in place of a hidden count or mean.</summary>
    public const string HiddenMarker = "x";

    /// <summary>The label a total shows where a row or column label would be; the <c>total</c> marker (CSV column, JSON member) is what identifies a total.</summary>
    public const string TotalLabel = "total";

    /// <summary>Writes the released rows with a header line.</summary>
    public static void WriteCsv(DepersonalizationResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, result.Columns);
        foreach (var row in result.Rows)
        {
            WriteLine(writer, row);
        }
    }

    /// <summary>Writes the report as <c>item,value</c> lines: models, counts, loss and each quasi-identifier's level.</summary>
    public static void WriteReportCsv(DepersonalizationResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, ["item", "value"]);
        foreach (var model in result.ModelsMet)
        {
            WriteLine(writer, ["model", model]);
        }

        WriteLine(writer, ["input-rows", Number(result.InputRowCount)]);
        WriteLine(writer, ["released-rows", Number(result.Rows.Count)]);
        WriteLine(writer, ["suppressed-rows", Number(result.SuppressedRowCount)]);
        WriteLine(writer, ["classes", Number(result.ClassCount)]);
        WriteLine(writer, ["smallest-class", Number(result.SmallestClassSize)]);
        WriteLine(writer, ["metric", result.Metric.ToString()]);
        WriteLine(writer, ["discernibility", Number(result.Discernibility)]);
        WriteLine(writer, ["height", Number(result.Height)]);
        WriteLine(writer, ["relative-height", result.RelativeHeight.ToString("0.####", CultureInfo.InvariantCulture)]);
        WriteLine(writer, ["suppression", result.Suppression.ToString()]);
        WriteLine(writer, ["suppressed-values", Number(result.SuppressedValueCount)]);
        WriteRisk(writer, result.Risk);
        foreach (var (column, level) in result.Levels)
        {
            WriteLine(writer, ["level:" + column, Number(level)]);
        }
    }

    private static void WriteRisk(TextWriter writer, RiskReport risk)
    {
        WriteLine(writer, ["risk:prosecutor-max", Share(risk.ProsecutorMaxRisk)]);
        WriteLine(writer, ["risk:prosecutor-mean", Share(risk.ProsecutorMeanRisk)]);
        if (risk.JournalistMaxRisk is { } journalistMax)
        {
            WriteLine(writer, ["risk:journalist-max", Share(journalistMax)]);
            WriteLine(writer, ["risk:journalist-mean", Share(risk.JournalistMeanRisk!.Value)]);
        }

        WriteLine(writer, ["risk:marketer", Share(risk.MarketerRisk)]);
        WriteLine(writer, ["risk:threshold", Share(risk.Threshold)]);
        WriteLine(writer, ["risk:records-at-risk", Share(risk.RecordsAtRisk)]);
    }

    /// <summary>Writes a table's report as <c>item,value</c> lines: k, the hidden cells and the risk figures.</summary>
    /// <param name="report">The table.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteReportCsv(AggregateReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, ["item", "value"]);
        WriteLine(writer, ["k", Number(report.K)]);
        WriteLine(writer, ["hidden-cells", Number(report.PrimarySuppressed + report.ComplementarySuppressed)]);
        WriteRisk(writer, report.Risk);
    }

    /// <summary>Writes <c>{ "report": {...}, "columns": [...], "rows": [[...], ...] }</c> as UTF-8.</summary>
    public static void WriteJson(DepersonalizationResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("report");
        json.WriteStartArray("modelsMet");
        foreach (var model in result.ModelsMet)
        {
            json.WriteStringValue(model);
        }

        json.WriteEndArray();
        json.WriteNumber("inputRows", result.InputRowCount);
        json.WriteNumber("releasedRows", result.Rows.Count);
        json.WriteNumber("suppressedRows", result.SuppressedRowCount);
        json.WriteNumber("classes", result.ClassCount);
        json.WriteNumber("smallestClass", result.SmallestClassSize);
        json.WriteString("metric", result.Metric.ToString());
        json.WriteNumber("discernibility", result.Discernibility);
        json.WriteNumber("height", result.Height);
        json.WriteNumber("relativeHeight", Math.Round(result.RelativeHeight, 4));
        json.WriteString("suppression", result.Suppression.ToString());
        json.WriteNumber("suppressedValues", result.SuppressedValueCount);
        WriteRisk(json, result.Risk);
        json.WriteStartObject("levels");
        foreach (var (column, level) in result.Levels)
        {
            json.WriteNumber(column, level);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("columns");
        foreach (var column in result.Columns)
        {
            json.WriteStringValue(column);
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            json.WriteStartArray();
            foreach (var value in row)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes the table in long form: <c>row,column,count,mean:...,total</c>, hidden values as <see cref="HiddenMarker"/>.
    /// </summary>
    /// <remarks>
    /// The last column, <c>total</c>, is what marks a total: empty for a cell, <c>row</c> for a row's total,
    /// <c>column</c> for a column's total and <c>grand</c> for the grand total. Totals also carry the label
    /// <see cref="TotalLabel"/> in place of the missing row or column label, for readers of the older form; a data label that
    /// is literally <c>total</c> is told apart by the marker column, never by its label.
    /// </remarks>
    public static void WriteCsv(AggregateReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        WriteLine(writer, ["row", "column", "count", .. report.MeanColumns.Select(c => "mean:" + c), "total"]);
        foreach (var (row, column, cell, total) in Cells(report))
        {
            WriteLine(writer, [row, column, cell.Count is { } count ? Number(count) : HiddenMarker, .. cell.Means.Select(m => Mean(cell, m)), total ?? string.Empty]);
        }
    }

    /// <summary>
    /// Writes the table as JSON: labels, then each cell as <c>{"row","column","count","means"}</c>, hidden values as
    /// <see cref="HiddenMarker"/>; a total also has <c>"total": "row" | "column" | "grand"</c>, which is what marks it (its
    /// missing label reads <see cref="TotalLabel"/>).
    /// </summary>
    public static void WriteJson(AggregateReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("k", report.K);
        WriteRisk(json, report.Risk);
        json.WriteStartArray("meanColumns");
        foreach (var column in report.MeanColumns)
        {
            json.WriteStringValue(column);
        }

        json.WriteEndArray();
        json.WriteStartArray("cells");
        foreach (var (row, column, cell, total) in Cells(report))
        {
            json.WriteStartObject();
            json.WriteString("row", row);
            json.WriteString("column", column);
            if (total is not null)
            {
                json.WriteString("total", total);
            }

            if (cell.Count is { } count)
            {
                json.WriteNumber("count", count);
            }
            else
            {
                json.WriteString("count", HiddenMarker);
            }

            json.WriteStartArray("means");
            foreach (var mean in cell.Means)
            {
                if (mean is { } m)
                {
                    json.WriteNumberValue(Math.Round(m, 4));
                }
                else if (cell.IsHidden)
                {
                    json.WriteStringValue(HiddenMarker);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static IEnumerable<(string Row, string Column, AggregateCell Cell, string? Total)> Cells(AggregateReport report)
    {
        for (var i = 0; i < report.RowLabels.Count; i++)
        {
            for (var j = 0; j < report.ColumnLabels.Count; j++)
            {
                yield return (report.RowLabels[i], report.ColumnLabels[j], report.Cells[i][j], null);
            }

            yield return (report.RowLabels[i], TotalLabel, report.RowTotals[i], "row");
        }

        for (var j = 0; j < report.ColumnLabels.Count; j++)
        {
            yield return (TotalLabel, report.ColumnLabels[j], report.ColumnTotals[j], "column");
        }

        yield return (TotalLabel, TotalLabel, report.GrandTotal, "grand");
    }

    private static void WriteRisk(Utf8JsonWriter json, RiskReport risk)
    {
        json.WriteStartObject("risk");
        json.WriteNumber("prosecutorMax", Math.Round(risk.ProsecutorMaxRisk, 6));
        json.WriteNumber("prosecutorMean", Math.Round(risk.ProsecutorMeanRisk, 6));
        if (risk.JournalistMaxRisk is { } journalistMax)
        {
            json.WriteNumber("journalistMax", Math.Round(journalistMax, 6));
            json.WriteNumber("journalistMean", Math.Round(risk.JournalistMeanRisk!.Value, 6));
        }

        json.WriteNumber("marketer", Math.Round(risk.MarketerRisk, 6));
        json.WriteNumber("threshold", Math.Round(risk.Threshold, 6));
        json.WriteNumber("recordsAtRisk", Math.Round(risk.RecordsAtRisk, 6));
        json.WriteEndObject();
    }

    private static string Share(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Mean(AggregateCell cell, double? mean) =>
        cell.IsHidden ? HiddenMarker : mean?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteLine(TextWriter writer, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(values[i]));
        }

        writer.Write("\r\n");
    }

    internal static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
