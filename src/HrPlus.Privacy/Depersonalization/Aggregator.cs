using System.Globalization;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>Builds an <see cref="AggregateReport"/>: counts and means per cell, then small-cell suppression.</summary>
internal static class Aggregator
{
    private static readonly StringComparer LabelOrder = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.NumericOrdering);

    public static AggregateReport Run(Dataset data, AggregateRequest request)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.MeanColumns);
        if (request.K < 2 || request.ProtectionInterval < 0 || request.ProtectionIntervalShare is < 0 or > 10 or double.NaN)
        {
            throw new ArgumentException("K of an aggregate report is at least 2, ProtectionInterval at least 0 and ProtectionIntervalShare 0 to 10.", nameof(request));
        }

        var rowColumn = ColumnOf(data, request.RowColumn);
        var columnColumn = request.ColumnColumn is null ? -1 : ColumnOf(data, request.ColumnColumn);
        var meanColumns = request.MeanColumns.Select(c => ColumnOf(data, c)).ToArray();
        var rowLabels = data.Rows.Select(r => r[rowColumn]).Distinct(StringComparer.Ordinal).Order(LabelOrder).ToArray();
        var columnLabels = columnColumn < 0
            ? (data.RowCount == 0 ? [] : [AggregateRequest.AllLabel])
            : data.Rows.Select(r => r[columnColumn]).Distinct(StringComparer.Ordinal).Order(LabelOrder).ToArray();
        var rowIndex = Index(rowLabels);
        var columnIndex = Index(columnLabels);
        int R = rowLabels.Length, C = columnLabels.Length, m = meanColumns.Length;

        // Counts and sums over the augmented table: totals in the last row and column.
        var counts = new int[R, C];
        var sums = new double[R + 1, C + 1, m];
        for (var row = 0; row < data.RowCount; row++)
        {
            var input = data.Row(row);
            int i = rowIndex[input[rowColumn]], j = columnColumn < 0 ? 0 : columnIndex[input[columnColumn]];
            counts[i, j]++;
            for (var v = 0; v < m; v++)
            {
                if (!double.TryParse(input[meanColumns[v]], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw new DepersonalizationException(
                        DepersonalizationError.InvalidSchema, $"Column '{request.MeanColumns[v]}' is averaged and holds a value that is not a number.");
                }

                sums[i, j, v] += number;
                sums[i, C, v] += number;
                sums[R, j, v] += number;
                sums[R, C, v] += number;
            }
        }

        long[,]? augmented = null;
        var status = R == 0
            ? new CellSuppression[1, 1]
            : CellSuppressor.Suppress(counts, request.K, request.ProtectionInterval, request.ProtectionIntervalShare, out augmented);
        var ranges = augmented is null ? null : FeasibleRanges.Compute(augmented, status);
        int Count(int i, int j) =>
            i < R && j < C ? counts[i, j]
            : i < R ? Enumerable.Range(0, C).Sum(c => counts[i, c])
            : j < C ? Enumerable.Range(0, R).Sum(r => counts[r, j])
            : data.RowCount;
        AggregateCell Cell(int i, int j)
        {
            if (status[i, j] != CellSuppression.None)
            {
                return new AggregateCell(null, new double?[m], status[i, j], ranges![i, j].Min, ranges[i, j].Max);
            }

            var count = Count(i, j);
            return new AggregateCell(count, [.. Enumerable.Range(0, m).Select(v => count == 0 ? (double?)null : sums[i, j, v] / count)], CellSuppression.None);
        }

        var primary = 0;
        var complementary = 0;
        foreach (var s in status)
        {
            primary += s == CellSuppression.Primary ? 1 : 0;
            complementary += s == CellSuppression.Complementary ? 1 : 0;
        }

        var sizes = new List<int>();
        var apparent = new List<long>();
        for (var i = 0; i < R; i++)
        {
            for (var j = 0; j < C; j++)
            {
                if (counts[i, j] > 0)
                {
                    sizes.Add(counts[i, j]);
                    apparent.Add(status[i, j] == CellSuppression.None ? counts[i, j] : ranges![i, j].Min);
                }
            }
        }

        return new AggregateReport
        {
            Risk = RiskReport.Compute(sizes, null, 1d / request.K, apparent),
            RowLabels = rowLabels,
            ColumnLabels = columnLabels,
            MeanColumns = [.. request.MeanColumns],
            K = request.K,
            Cells = [.. Enumerable.Range(0, R).Select(i => (IReadOnlyList<AggregateCell>)[.. Enumerable.Range(0, C).Select(j => Cell(i, j))])],
            RowTotals = [.. Enumerable.Range(0, R).Select(i => Cell(i, C))],
            ColumnTotals = [.. Enumerable.Range(0, C).Select(j => Cell(R, j))],
            GrandTotal = Cell(R, C),
            PrimarySuppressed = primary,
            ComplementarySuppressed = complementary,
        };
    }

    private static int ColumnOf(Dataset data, string name)
    {
        var index = data.IndexOf(name ?? string.Empty);
        return index >= 0
            ? index
            : throw new DepersonalizationException(DepersonalizationError.InvalidSchema, $"The dataset has no column '{name}'.");
    }

    private static Dictionary<string, int> Index(string[] labels) =>
        labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
}
