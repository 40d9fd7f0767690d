namespace HrPlus.Privacy.Depersonalization;

/// <summary>A hierarchy read from a table: each value's label at every level, as ARX's hierarchy files hold them.</summary>
internal sealed class TableHierarchy : Hierarchy
{
    /// <summary>The most levels (columns after the value) a table may have.</summary>
    public const int MaxLevels = 32;

    /// <summary>The longest label.</summary>
    public const int MaxLabelLength = 256;

    /// <summary>The most rows a table may have.</summary>
    public const int MaxRows = 1_000_000;

    private readonly Dictionary<string, string[]> _paths;

    private TableHierarchy(Dictionary<string, string[]> paths, int levels)
        : base(levels + 1) => _paths = paths;

    /// <summary>Validates and builds; errors name the row and column (1-based), never a label.</summary>
    public static TableHierarchy Create(IEnumerable<IReadOnlyList<string>> rows, UnevenDepth uneven)
    {
        var paths = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var width = 0;
        var number = 0;
        foreach (var row in rows)
        {
            number++;
            if (number > MaxRows)
            {
                throw Invalid($"A hierarchy table has at most {MaxRows} rows.");
            }

            if (row is null)
            {
                throw Invalid($"Row {number} is missing.");
            }

            // Trailing empty cells end a short row; a trailing * is the top level, which every hierarchy has anyway.
            var length = row.Count;
            while (length > 0 && string.IsNullOrEmpty(row[length - 1]))
            {
                length--;
            }

            if (length > 1 && row[length - 1] == Suppressed)
            {
                length--;
            }

            if (length == 0)
            {
                throw Invalid($"Row {number} has no value.");
            }

            if (length - 1 > MaxLevels)
            {
                throw Invalid($"Row {number} has more than {MaxLevels} levels.");
            }

            var path = new string[length];
            for (var c = 0; c < length; c++)
            {
                var label = row[c];
                if (string.IsNullOrEmpty(label) || label == Suppressed || label.Length > MaxLabelLength || label.Any(char.IsControl))
                {
                    throw Invalid(
                        $"Row {number}, column {c + 1}: a label is 1 to {MaxLabelLength} characters without control characters, is not empty inside a row, and is \"*\" only in the last column.");
                }

                path[c] = label;
            }

            if (!paths.TryAdd(path[0], path))
            {
                throw Invalid($"Row {number} repeats the value of an earlier row; each value has one row.");
            }

            width = Math.Max(width, length);
        }

        if (paths.Count == 0)
        {
            throw Invalid("A hierarchy table has at least one row.");
        }

        var levels = width - 1;
        var parents = new Dictionary<string, string>[Math.Max(0, levels)];
        for (var l = 0; l < levels; l++)
        {
            parents[l] = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var line = 0;
        foreach (var key in paths.Keys.ToArray())
        {
            line++;
            var path = paths[key];
            if (path.Length < width)
            {
                if (uneven == UnevenDepth.Refuse)
                {
                    throw Invalid($"A row has {path.Length - 1} levels where others have {levels}; give every value a label at every level, or pass UnevenDepth.Pad.");
                }

                var padded = new string[width];
                path.CopyTo(padded, 0);
                Array.Fill(padded, path[^1], path.Length, width - path.Length);
                paths[key] = path = padded;
            }

            for (var l = 0; l < levels; l++)
            {
                if (parents[l].TryGetValue(path[l], out var parent) && !string.Equals(parent, path[l + 1], StringComparison.Ordinal))
                {
                    throw Invalid($"A label of level {l} has two parents at level {l + 1}; a hierarchy must nest (each label has one parent).");
                }

                parents[l][path[l]] = path[l + 1];
            }
        }

        return new TableHierarchy(paths, levels);
    }

    private protected override string? GeneralizeCore(string value, int level) =>
        !_paths.TryGetValue(value, out var path) ? null : level < path.Length ? path[level] : Suppressed;

    private static DepersonalizationException Invalid(string message) => new(DepersonalizationError.InvalidHierarchy, message);
}
