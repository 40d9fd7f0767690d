using System.Text.Json;
using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tool.Reports;

/// <summary>
/// The schema file of <c>hrplus report anonymize</c>: which column is what, and how quasi-identifiers generalize.
/// </summary>
/// <remarks>
/// <code>
/// { "columns": [
///   { "name": "Id",        "role": "direct", "handling": "pseudonymize", "subjectId": true },
///   { "name": "FullName",  "role": "direct" },
///   { "name": "BirthDate", "role": "quasi", "hierarchy": "birthDate" },
///   { "name": "Age",       "role": "quasi", "hierarchy": { "intervals": [5, 10] } },
///   { "name": "District",  "role": "quasi", "hierarchy": { "tree": "districts.csv" } },
///   { "name": "Anxiety",   "role": "sensitive", "order": ["low", "medium", "high"] },
///   { "name": "Term",      "role": "insensitive" } ] }
/// </code>
/// Named hierarchies: age, birthDate, categorical, iin, schoolClass. A tree hierarchy is a CSV file (relative to the
/// schema) with the header <c>value,parent</c>: each value's parent one level up. The file comes from outside and is
/// read strictly: unknown properties, roles or hierarchies, duplicate columns, cycles and oversize input are refused.
/// </remarks>
internal static class SchemaFile
{
    public const int MaxBytes = 1 << 20;

    public const int MaxTreeEntries = 100_000;

    private static readonly string[] ColumnProperties = ["name", "role", "handling", "subjectId", "hierarchy", "order"];

    public static DatasetSchema Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ToolException(ExitCodes.NotFound, $"The schema file '{full}' does not exist.");
        }

        if (new FileInfo(full).Length > MaxBytes)
        {
            throw new ToolException(ExitCodes.BadInput, $"The schema file '{full}' is larger than {MaxBytes} bytes.");
        }

        var folder = Path.GetDirectoryName(full)!;
        return Parse(File.ReadAllBytes(full), Path.GetFileName(full), file => ReadTree(Path.GetFullPath(Path.Combine(folder, file))));
    }

    /// <summary>Parses a schema; <paramref name="readTree"/> gives a tree hierarchy's parent-of map for a file name.</summary>
    public static DatasetSchema Parse(byte[] utf8, string name, Func<string, IReadOnlyDictionary<string, string>> readTree)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw Bad(name, "is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array || columns.GetArrayLength() == 0)
            {
                throw Bad(name, "has no \"columns\" array with at least one column");
            }

            var schema = new DatasetSchema();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var column in columns.EnumerateArray())
            {
                index++;
                if (column.ValueKind != JsonValueKind.Object)
                {
                    throw Bad(name, $"has column {index} that is not an object");
                }

                foreach (var property in column.EnumerateObject())
                {
                    if (Array.IndexOf(ColumnProperties, property.Name) < 0)
                    {
                        throw Bad(name, $"has an unknown property '{Clip(property.Name)}' in column {index}");
                    }
                }

                var columnName = String(column, "name") is { Length: > 0 and <= 256 } n ? n : throw Bad(name, $"has column {index} without a name (1 to 256 characters)");
                if (!names.Add(columnName))
                {
                    throw Bad(name, $"names column '{Clip(columnName)}' twice");
                }

                switch (String(column, "role"))
                {
                    case "direct":
                        var handling = String(column, "handling") switch
                        {
                            null or "drop" => DirectIdentifierHandling.Drop,
                            "pseudonymize" => DirectIdentifierHandling.Pseudonymize,
                            _ => throw Bad(name, $"has a handling of column '{Clip(columnName)}' other than drop or pseudonymize"),
                        };
                        var subjectId = column.TryGetProperty("subjectId", out var s)
                            ? s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : throw Bad(name, $"has a subjectId of column '{Clip(columnName)}' that is not true or false")
                            : false;
                        schema.DirectIdentifier(columnName, handling, subjectId);
                        break;
                    case "quasi":
                        if (!column.TryGetProperty("hierarchy", out var hierarchy))
                        {
                            throw Bad(name, $"has quasi-identifier '{Clip(columnName)}' without a hierarchy");
                        }

                        schema.QuasiIdentifier(columnName, Hierarchy(hierarchy, name, columnName, readTree));
                        break;
                    case "sensitive":
                        schema.Sensitive(columnName, column.TryGetProperty("order", out var order) ? Order(order, name, columnName) : null);
                        break;
                    case "insensitive":
                        schema.Insensitive(columnName);
                        break;
                    default:
                        throw Bad(name, $"has a role of column '{Clip(columnName)}' other than direct, quasi, sensitive or insensitive");
                }
            }

            return schema;
        }
    }

    /// <summary>Reads a tree hierarchy CSV (<c>value,parent</c>) into a parent-of map.</summary>
    public static IReadOnlyDictionary<string, string> ReadTree(string path)
    {
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.NotFound, $"The hierarchy file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > MaxBytes * 16)
        {
            throw new ToolException(ExitCodes.BadInput, $"The hierarchy file '{path}' is larger than {MaxBytes * 16} bytes.");
        }

        using var reader = new StreamReader(path);
        return ParseTree(reader, Path.GetFileName(path));
    }

    public static IReadOnlyDictionary<string, string> ParseTree(TextReader reader, string name)
    {
        var (header, rows) = CsvFile.Read(reader, name);
        if (header.Count != 2 || header[0] != "value" || header[1] != "parent")
        {
            throw Bad(name, "must have the header 'value,parent'");
        }

        if (rows.Count > MaxTreeEntries)
        {
            throw Bad(name, $"has more than {MaxTreeEntries} entries");
        }

        var parentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i][0].Length == 0 || rows[i][1].Length == 0)
            {
                throw Bad(name, $"has an empty value or parent on line {i + 2}");
            }

            if (!parentOf.TryAdd(rows[i][0], rows[i][1]))
            {
                throw Bad(name, $"gives a second parent on line {i + 2}");
            }
        }

        // A cycle would make generalization never reach the top.
        foreach (var start in parentOf.Keys)
        {
            var steps = 0;
            for (var node = start; parentOf.TryGetValue(node, out var parent); node = parent)
            {
                if (++steps > parentOf.Count)
                {
                    throw Bad(name, "has a cycle: a value is its own ancestor");
                }
            }
        }

        return parentOf;
    }

    private static Hierarchy Hierarchy(JsonElement element, string name, string column, Func<string, IReadOnlyDictionary<string, string>> readTree)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() switch
            {
                "age" => Depersonalization.Hierarchy.Age(),
                "birthDate" => Depersonalization.Hierarchy.BirthDate(),
                "categorical" => Depersonalization.Hierarchy.Categorical(),
                "iin" => Depersonalization.Hierarchy.Iin(),
                "schoolClass" => Depersonalization.Hierarchy.SchoolClass(),
                _ => throw Bad(name, $"names an unknown hierarchy for column '{Clip(column)}' (age, birthDate, categorical, iin, schoolClass, or an object with intervals or tree)"),
            };
        }

        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Count() == 1)
        {
            if (element.TryGetProperty("intervals", out var intervals) && intervals.ValueKind == JsonValueKind.Array
                && intervals.GetArrayLength() is > 0 and <= 16)
            {
                var widths = new List<int>();
                foreach (var width in intervals.EnumerateArray())
                {
                    if (width.ValueKind != JsonValueKind.Number || !width.TryGetInt32(out var w) || w < 1 || w > 1_000_000 || (widths.Count > 0 && w <= widths[^1]))
                    {
                        throw Bad(name, $"has interval widths of column '{Clip(column)}' that are not increasing whole numbers from 1 to 1000000");
                    }

                    widths.Add(w);
                }

                return Depersonalization.Hierarchy.Intervals([.. widths]);
            }

            if (element.TryGetProperty("tree", out var tree) && tree.ValueKind == JsonValueKind.String && tree.GetString() is { Length: > 0 } file)
            {
                if (Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal))
                {
                    throw Bad(name, $"names a hierarchy file for column '{Clip(column)}' outside the schema's folder");
                }

                return Depersonalization.Hierarchy.Tree(readTree(file));
            }
        }

        throw Bad(name, $"has a hierarchy of column '{Clip(column)}' that is neither a name nor {{\"intervals\": [...]}} nor {{\"tree\": \"file.csv\"}}");
    }

    private static ListOrder Order(JsonElement element, string name, string column)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > 10_000)
        {
            throw Bad(name, $"has an order of column '{Clip(column)}' that is not a list of 1 to 10000 values");
        }

        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in element.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.String || !ranks.TryAdd(value.GetString()!, ranks.Count))
            {
                throw Bad(name, $"has an order of column '{Clip(column)}' with a value that is not a string or appears twice");
            }
        }

        return new ListOrder(ranks);
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static ToolException Bad(string name, string what) => new(ExitCodes.BadInput, $"The schema file '{name}' {what}.");

    /// <summary>Orders values by their position in the schema's list; unlisted values after listed ones, ordinally.</summary>
    private sealed class ListOrder(Dictionary<string, int> ranks) : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            var rx = x is not null && ranks.TryGetValue(x, out var a) ? a : int.MaxValue;
            var ry = y is not null && ranks.TryGetValue(y, out var b) ? b : int.MaxValue;
            return rx != ry ? rx.CompareTo(ry) : string.CompareOrdinal(x, y);
        }
    }
}
