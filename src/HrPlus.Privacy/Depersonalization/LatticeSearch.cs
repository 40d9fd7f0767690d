namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Finds the generalization (one level per quasi-identifier) that meets the models within the suppression limit at the
/// least information loss: an optimal search of the whole lattice, layer by layer from the bottom, with two savings.
/// </summary>
/// <remarks>
/// <para>
/// Roll-up: a node's classes are computed from the classes of the predecessor with the fewest, not from the rows, so only
/// the bottom node reads every row. Pruning by monotonicity (as in ARX's Flash): every successor of a node that meets the
/// models meets them too; under <see cref="InformationLossMetric.Height"/> such successors cannot score better (their height
/// is larger) and are tagged without evaluation. Discernibility is not monotone once suppression is allowed (generalizing
/// can release suppressed rows), so under it a node is skipped only when a lower bound (the Σ size² of the classes that
/// already pass at a predecessor: they pass and only grow above it) exceeds the best score found.
/// </para>
/// <para>Ties go to the lower other metric, then to the lexicographically lower level vector, so the result is deterministic.</para>
/// </remarks>
internal static class LatticeSearch
{
    /// <summary>The most nodes the search examines; beyond, the run fails with <see cref="DepersonalizationError.LatticeTooLarge"/>.</summary>
    public const int MaxNodes = 100_000;

    public static (int[] Levels, int Evaluated, int Total) Run(EncodedTable table, PrivacyModels models, InformationLossMetric metric)
    {
        var heights = table.Heights;
        var q = heights.Length;
        long total = 1;
        foreach (var h in heights)
        {
            total *= h + 1;
            if (total > MaxNodes)
            {
                throw new DepersonalizationException(
                    DepersonalizationError.LatticeTooLarge,
                    $"The generalization lattice has more than {MaxNodes} nodes; use fewer quasi-identifiers or shorter hierarchies.");
            }
        }

        var strides = new int[q];
        for (int j = q - 1, stride = 1; j >= 0; stride *= heights[j] + 1, j--)
        {
            strides[j] = stride;
        }

        var layers = Enumerable.Range(0, (int)total).GroupBy(node => Decode(node, heights, strides).Sum()).OrderBy(g => g.Key).ToArray();
        var anonymous = new bool[total];
        var skipped = new bool[total];
        var lowerBound = new long[total];
        var previous = new Dictionary<int, ClassTable>();
        int[]? best = null;
        (long Primary, long Secondary) bestScore = default;
        var evaluated = 0;
        foreach (var layer in layers)
        {
            var current = new Dictionary<int, ClassTable>();
            foreach (var node in layer)
            {
                var levels = Decode(node, heights, strides);
                ClassTable? source = null;
                var sourceDimension = -1;
                var abovePassing = false;
                var anySkipped = false;
                for (var j = 0; j < q; j++)
                {
                    if (levels[j] == 0)
                    {
                        continue;
                    }

                    var predecessor = node - strides[j];
                    abovePassing |= anonymous[predecessor];
                    anySkipped |= skipped[predecessor];
                    lowerBound[node] = Math.Max(lowerBound[node], lowerBound[predecessor]);
                    if (previous.TryGetValue(predecessor, out var candidate) && (source is null || candidate.Count < source.Count))
                    {
                        (source, sourceDimension) = (candidate, j);
                    }
                }

                // Height: a node above a passing one is higher, so it cannot win. Discernibility: the classes that pass at a
                // node pass at every generalization of it and only grow, so their Σ size² bounds every successor from below;
                // a node whose bound (and, on a tie, height) is already worse than the best cannot win, nor can its successors.
                if ((abovePassing && metric == InformationLossMetric.Height)
                    || anySkipped
                    || (metric == InformationLossMetric.Discernibility && best is not null && (lowerBound[node], (long)levels.Sum()).CompareTo(bestScore) > 0))
                {
                    anonymous[node] = abovePassing;
                    skipped[node] = true;
                    continue;
                }

                var classes = source is null
                    ? ClassTable.FromRows(table, levels, models.NeedsHistograms, out _)
                    : source.RollUp(table, sourceDimension);
                evaluated++;
                current[node] = classes;
                var (suppressed, discernibility) = models.Evaluate(classes);
                lowerBound[node] = Math.Max(lowerBound[node], discernibility - ((long)suppressed * table.RowCount));
                if (suppressed > models.MaxSuppressed)
                {
                    continue;
                }

                anonymous[node] = true;
                var height = levels.Sum();
                var score = metric == InformationLossMetric.Height ? ((long)height, discernibility) : (discernibility, (long)height);
                if (best is null || score.CompareTo(bestScore) < 0 || (score == bestScore && levels.AsSpan().SequenceCompareTo(best) < 0))
                {
                    (best, bestScore) = (levels, score);
                }
            }

            foreach (var done in previous.Values)
            {
                done.Return();
            }

            previous = current;
            if (best is not null && metric == InformationLossMetric.Height)
            {
                break; // every later layer is higher
            }
        }

        foreach (var done in previous.Values)
        {
            done.Return();
        }

        return best is null
            ? throw new DepersonalizationException(
                DepersonalizationError.SuppressionLimitExceeded,
                "No generalization meets the privacy models within the suppression limit, not even suppressing every quasi-identifier; " +
                "raise MaxSuppression, lower K, L or T, or release more rows.")
            : (best, evaluated, (int)total);
    }

    private static int[] Decode(int node, int[] heights, int[] strides)
    {
        var levels = new int[heights.Length];
        for (var j = 0; j < heights.Length; j++)
        {
            levels[j] = node / strides[j] % (heights[j] + 1);
        }

        return levels;
    }
}
