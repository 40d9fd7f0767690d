using System.Globalization;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>The models of <see cref="AnonymizationOptions"/> checked on a node's classes.</summary>
/// <remarks>
/// All three are monotone under generalization: merging classes never shrinks a class, never loses a distinct value, and
/// the ordered distance of a merged class is at most the larger of its parts' (the distance is convex). So once a node
/// meets them within the suppression limit, every generalization of it does too, which is what the search prunes on.
/// </remarks>
internal sealed class PrivacyModels(AnonymizationOptions options, EncodedTable table)
{
    private const double Tolerance = 1e-12;
    private readonly double[] _scratch = new double[table.Domains.Length == 0 ? 0 : table.Domains.Max()];
    private readonly int[] _counts = new int[table.Domains.Length == 0 ? 0 : table.Domains.Max()];
    private readonly int _k = options.EffectiveK;

    public bool NeedsHistograms => options.L is not null || options.T is not null;

    public int MaxSuppressed { get; } = (int)Math.Floor((options.MaxSuppression * table.RowCount) + 1e-9);

    public IReadOnlyList<string> Names =>
    [
        string.Create(CultureInfo.InvariantCulture, $"k-anonymity(k={options.K})"),
        .. options.L is { } l ? [string.Create(CultureInfo.InvariantCulture, $"distinct-l-diversity(l={l})")] : Array.Empty<string>(),
        .. options.T is { } t ? [string.Create(CultureInfo.InvariantCulture, $"t-closeness(t={t:0.####}, ordered distance)")] : Array.Empty<string>(),
        .. options.MaxRisk is { } r ? [string.Create(CultureInfo.InvariantCulture, $"prosecutor-risk(max={r:0.####})")] : Array.Empty<string>(),
    ];

    /// <summary>Checks one group of rows (a class made by local suppression) against every model.</summary>
    public bool PassesRows(ReadOnlySpan<int> rows)
    {
        if (rows.Length < _k)
        {
            return false;
        }

        for (var s = 0; s < table.Sensitive.Length; s++)
        {
            var codes = table.Sensitive[s];
            var distinct = 0;
            foreach (var row in rows)
            {
                if (_counts[codes[row]]++ == 0)
                {
                    distinct++;
                }
            }

            var ok = distinct >= (options.L ?? 0);
            if (ok && options.T is { } t && table.Global[s].Length >= 2)
            {
                var global = table.Global[s];
                double cumulative = 0, distance = 0;
                for (var i = 0; i < global.Length - 1; i++)
                {
                    cumulative += ((double)_counts[i] / rows.Length) - global[i];
                    distance += Math.Abs(cumulative);
                }

                ok = distance / (global.Length - 1) <= t + Tolerance;
            }

            foreach (var row in rows)
            {
                _counts[codes[row]] = 0;
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks every class; returns the rows to suppress and the discernibility.</summary>
    public (int Suppressed, long Discernibility) Evaluate(ClassTable classes, bool[]? passes = null)
    {
        var suppressed = 0;
        long discernibility = 0;
        for (var c = 0; c < classes.Count; c++)
        {
            var ok = Passes(classes, c);
            if (passes is not null)
            {
                passes[c] = ok;
            }

            if (ok)
            {
                discernibility += (long)classes.Sizes[c] * classes.Sizes[c];
            }
            else
            {
                suppressed += classes.Sizes[c];
            }
        }

        return (suppressed, discernibility + ((long)suppressed * table.RowCount));
    }

    private bool Passes(ClassTable classes, int c)
    {
        var size = classes.Sizes[c];
        if (size < _k)
        {
            return false;
        }

        for (var s = 0; s < classes.Histograms.Length; s++)
        {
            var histogram = classes.Histograms[s];
            if (histogram.DistinctCount(c) < (options.L ?? 0))
            {
                return false;
            }

            if (options.T is { } t && OrderedDistance(histogram, c, size, s) > t + Tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The earth mover's distance with the ordered ground distance |i - j| / (m - 1) to the global distribution.</summary>
    private double OrderedDistance(Histogram histogram, int c, int size, int s)
    {
        var global = table.Global[s];
        var m = global.Length;
        if (m < 2)
        {
            return 0;
        }

        for (var p = histogram.Start[c]; p < histogram.Start[c + 1]; p++)
        {
            _scratch[histogram.Values[p]] = (double)histogram.Frequencies[p] / size;
        }

        double cumulative = 0, distance = 0;
        for (var i = 0; i < m - 1; i++)
        {
            cumulative += _scratch[i] - global[i];
            distance += Math.Abs(cumulative);
        }

        for (var p = histogram.Start[c]; p < histogram.Start[c + 1]; p++)
        {
            _scratch[histogram.Values[p]] = 0;
        }

        return distance / (m - 1);
    }
}
