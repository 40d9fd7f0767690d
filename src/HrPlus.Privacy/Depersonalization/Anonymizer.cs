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
        // Sensitive values matter only to L and T: a K-only run does not read them.
        var table = EncodedTable.Create(data, quasi, options.L is not null || options.T is not null ? sensitive : []);
        var models = new PrivacyModels(options, table);
        var (levels, evaluated, total) = LatticeSearch.Run(table, models, options.Metric);

        var classes = ClassTable.FromRows(table, levels, models.NeedsHistograms, out var rowClass);
        var passes = new bool[classes.Count];
        models.Evaluate(classes, passes);
        var released = LocalSuppression.Run(table, levels, classes, rowClass, passes, models, options.Suppression);
        classes.Return();

        var output = schema.Columns.Where(c => c.Role != ColumnRole.DirectIdentifier || c.Handling == DirectIdentifierHandling.Pseudonymize).ToArray();
        var sources = output.Select(c => data.IndexOf(c.Name)).ToArray();
        var quasiIndex = output.Select(c => Array.IndexOf(quasi, c)).ToArray();
        var subjectColumn = schema.Columns.FirstOrDefault(c => c.IsSubjectId) is { } subject ? data.IndexOf(subject.Name) : -1;
        if (output.Any(c => c.Role == ColumnRole.DirectIdentifier) && pseudonymize is null)
        {
            throw new InvalidOperationException("Pseudonymized columns need an IPseudonymizer.");
        }

        var population = options.Population is null ? null : PopulationCounts(options.Population, quasi, levels, released, table);
        var risk = RiskReport.Compute(released.Sizes, population, options.RiskThreshold);
        // The release is a shuffled order of input rows plus, per output column, where its values come from (ReleasedRows):
        // no string array per row.
        var order = new int[data.RowCount - released.RemovedRows];
        var next = 0;
        for (var row = 0; row < data.RowCount; row++)
        {
            if (released.RowGroup[row] >= 0)
            {
                order[next++] = row;
            }
        }

        ReleaseOrder.Shuffle(order.AsSpan());
        var columns = new ReleasedRows.Column[output.Length];
        for (var i = 0; i < output.Length; i++)
        {
            var j = quasiIndex[i];
            if (j >= 0)
            {
                var level = levels[j];
                var labels = table.Labels[j][level];
                var fromBase = table.FromBase[j][level];
                var labelOfBase = new string[fromBase.Length];
                for (var code = 0; code < fromBase.Length; code++)
                {
                    labelOfBase[code] = labels[fromBase[code]];
                }

                columns[i] = new ReleasedRows.Column { Labels = labelOfBase, Codes = table.RowCodes[j], Bit = 1 << j };
            }
            else if (output[i].Role == ColumnRole.DirectIdentifier)
            {
                var domain = "depersonalization:" + output[i].Name;
                var pseudonyms = new string[order.Length];
                for (var position = 0; position < order.Length; position++)
                {
                    pseudonyms[position] = pseudonymize!(data.Row(order[position])[sources[i]], domain);
                }

                columns[i] = new ReleasedRows.Column { Values = pseudonyms };
            }
            else
            {
                columns[i] = new ReleasedRows.Column { Source = sources[i] };
            }
        }

        var rows = new ReleasedRows(data, order, columns, released.SuppressedValues > 0 ? released.RowMask : null);
        var subjects = subjectColumn < 0 ? [] : new string[order.Length];
        for (var position = 0; position < subjects.Length; position++)
        {
            subjects[position] = data.Row(order[position])[subjectColumn];
        }

        releasedSubjects = subjects;
        var discernibility = (long)released.RemovedRows * data.RowCount;
        foreach (var size in released.Sizes)
        {
            discernibility += (long)size * size;
        }

        var height = levels.Sum();
        var maxHeight = table.Heights.Sum();
        return new DepersonalizationResult
        {
            Columns = [.. output.Select(c => c.Name)],
            Rows = rows,
            Levels = quasi.Select((c, j) => (c.Name, levels[j])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal),
            InputRowCount = data.RowCount,
            SuppressedRowCount = released.RemovedRows,
            SuppressedValueCount = released.SuppressedValues,
            Suppression = options.Suppression,
            ClassCount = released.Sizes.Count,
            SmallestClassSize = released.Sizes.Count == 0 ? 0 : released.Sizes.Min(),
            Metric = options.Metric,
            Discernibility = discernibility,
            Height = height,
            RelativeHeight = maxHeight == 0 ? 0 : (double)height / maxHeight,
            ModelsMet = models.Names,
            NodesEvaluated = evaluated,
            LatticeSize = total,
            Risk = risk,
        };
    }

    /// <summary>
    /// The population count of each released class: population rows generalized to the chosen levels and matched on the
    /// quasi-identifiers the class shows (a <c>*</c> in the release could be anyone's value, so it matches every value).
    /// </summary>
    private static int[] PopulationCounts(Dataset population, DatasetColumn[] quasi, int[] levels, LocalSuppression released, EncodedTable table)
    {
        var columns = quasi.Select(c => population.IndexOf(c.Name)).ToArray();
        if (Array.IndexOf(columns, -1) >= 0)
        {
            throw Invalid("The population table needs every quasi-identifier column of the schema.");
        }

        var labels = quasi.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal)).ToArray();
        string Generalized(int j, string value)
        {
            if (!labels[j].TryGetValue(value, out var label))
            {
                try
                {
                    label = quasi[j].Hierarchy!.Generalize(value, levels[j]);
                }
                catch (DepersonalizationException e) when (e.Error == DepersonalizationError.ValueOutsideHierarchy)
                {
                    throw new DepersonalizationException(
                        DepersonalizationError.ValueOutsideHierarchy, $"A population value of column '{quasi[j].Name}' is outside its hierarchy; fix the population table.", e);
                }

                labels[j].Add(value, label);
            }

            return label;
        }

        var counts = new Dictionary<int, Dictionary<string, int>>();
        foreach (var mask in released.Masks.Distinct())
        {
            var byKey = counts[mask] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var row = 0; row < population.RowCount; row++)
            {
                var values = population.Row(row);
                var key = string.Join('\u001F', quasi.Select((_, j) => (mask & (1 << j)) != 0 ? Hierarchy.Suppressed : Generalized(j, values[columns[j]])));
                byKey[key] = byKey.GetValueOrDefault(key) + 1;
            }
        }

        var result = new int[released.Sizes.Count];
        for (var g = 0; g < result.Length; g++)
        {
            var mask = released.Masks[g];
            var key = string.Join('\u001F', quasi.Select((_, j) => LocalSuppression.Label(table, levels, released.Representatives[g], mask, j)));
            result[g] = counts[mask].GetValueOrDefault(key);
        }

        return result;
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
