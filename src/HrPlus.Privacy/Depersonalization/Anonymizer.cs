namespace HrPlus.Privacy.Depersonalization;

/// <summary>One depersonalization run: schema checks, the lattice search and the output rows. No I/O.</summary>
internal static class Anonymizer
{
    /// <summary>Runs the search and builds the output.</summary>
    /// <param name="data">The input.</param>
    /// <param name="schema">Its description.</param>
    /// <param name="options">The models.</param>
    /// <param name="pseudonymize">Makes a pseudonym of (value, domain); needed when a column is pseudonymized.</param>
    /// <param name="releasedSubjects">The subject ids of the released rows, when the schema marks a subject id column.</param>
    public static DepersonalizationResult Run(
        Dataset data, DatasetSchema schema, AnonymizationOptions options, Func<string, string, string>? pseudonymize, out IReadOnlyList<string> releasedSubjects)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Check(data, schema, options);
        var quasi = schema.Columns.Where(c => c.Role == ColumnRole.QuasiIdentifier).ToArray();
        var sensitive = schema.Columns.Where(c => c.Role == ColumnRole.Sensitive).ToArray();
        var table = EncodedTable.Create(data, quasi, sensitive);
        var models = new PrivacyModels(options, table);
        var (levels, evaluated, total) = LatticeSearch.Run(table, models, options.Metric);

        var classes = ClassTable.FromRows(table, levels, models.NeedsHistograms, out var rowClass);
        var passes = new bool[classes.Count];
        var (suppressed, discernibility) = models.Evaluate(classes, passes);

        var output = schema.Columns.Where(c => c.Role != ColumnRole.DirectIdentifier || c.Handling == DirectIdentifierHandling.Pseudonymize).ToArray();
        var sources = output.Select(c => data.IndexOf(c.Name)).ToArray();
        var quasiIndex = output.Select(c => Array.IndexOf(quasi, c)).ToArray();
        var subjectColumn = schema.Columns.FirstOrDefault(c => c.IsSubjectId) is { } subject ? data.IndexOf(subject.Name) : -1;
        if (output.Any(c => c.Role == ColumnRole.DirectIdentifier) && pseudonymize is null)
        {
            throw new InvalidOperationException("Pseudonymized columns need an IPseudonymizer.");
        }

        var rows = new List<IReadOnlyList<string>>(data.RowCount - suppressed);
        var subjects = new List<string>();
        for (var row = 0; row < data.RowCount; row++)
        {
            var c = rowClass[row];
            if (!passes[c])
            {
                continue;
            }

            var input = data.Row(row);
            var values = new string[output.Length];
            for (var i = 0; i < output.Length; i++)
            {
                var j = quasiIndex[i];
                values[i] = j >= 0
                    ? table.Labels[j][levels[j]][classes.Keys[(c * quasi.Length) + j]]
                    : output[i].Role == ColumnRole.DirectIdentifier ? pseudonymize!(input[sources[i]], "depersonalization:" + output[i].Name) : input[sources[i]];
            }

            rows.Add(values);
            if (subjectColumn >= 0)
            {
                subjects.Add(input[subjectColumn]);
            }
        }

        releasedSubjects = subjects;
        var released = Enumerable.Range(0, classes.Count).Where(c => passes[c]).Select(c => classes.Sizes[c]).ToArray();
        var height = levels.Sum();
        var maxHeight = table.Heights.Sum();
        return new DepersonalizationResult
        {
            Columns = [.. output.Select(c => c.Name)],
            Rows = rows,
            Levels = quasi.Select((c, j) => (c.Name, levels[j])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal),
            InputRowCount = data.RowCount,
            SuppressedRowCount = suppressed,
            ClassCount = released.Length,
            SmallestClassSize = released.Length == 0 ? 0 : released.Min(),
            Metric = options.Metric,
            Discernibility = discernibility,
            Height = height,
            RelativeHeight = maxHeight == 0 ? 0 : (double)height / maxHeight,
            ModelsMet = models.Names,
            NodesEvaluated = evaluated,
            LatticeSize = total,
        };
    }

    private static void Check(Dataset data, DatasetSchema schema, AnonymizationOptions options)
    {
        foreach (var column in data.Columns)
        {
            if (!schema.Columns.Any(c => string.Equals(c.Name, column, StringComparison.Ordinal)))
            {
                throw Invalid($"Column '{column}' is not described by the schema; describe every column (an undescribed column may identify someone).");
            }
        }

        foreach (var column in schema.Columns)
        {
            if (data.IndexOf(column.Name) < 0)
            {
                throw Invalid($"The schema describes column '{column.Name}', which the dataset does not have.");
            }
        }

        if (schema.Columns.Count(c => c.IsSubjectId) > 1)
        {
            throw Invalid("At most one column holds subject ids.");
        }

        if ((options.L is not null || options.T is not null) && !schema.Columns.Any(c => c.Role == ColumnRole.Sensitive))
        {
            throw Invalid("L and T protect sensitive attributes, and the schema describes none.");
        }
    }

    private static DepersonalizationException Invalid(string message) => new(DepersonalizationError.InvalidSchema, message);
}
