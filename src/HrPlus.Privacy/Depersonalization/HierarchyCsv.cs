using System.Text;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Reads a hierarchy table from CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends; ARX writes <c>;</c>
/// as the separator). Outside input: every limit is checked while reading, and a bad file fails with
/// <see cref="DepersonalizationError.InvalidHierarchy"/> naming the line, never a label.
/// </summary>
internal static class HierarchyCsv
{
    public static IEnumerable<IReadOnlyList<string>> Read(TextReader reader, char separator)
    {
        if (separator is '"' or '\r' or '\n' || (char.IsControl(separator) && separator != '\t'))
        {
            throw new ArgumentException("The separator is a printable character other than a quote (or a tab).", nameof(separator));
        }

        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var quoted = false;
        var wasQuoted = false;
        var first = true;
        int next;
        void EndField()
        {
            if (row.Count > TableHierarchy.MaxLevels + 1)
            {
                throw Invalid(line, $"more than {TableHierarchy.MaxLevels + 2} columns");
            }

            row.Add(field.ToString());
            field.Clear();
            wasQuoted = false;
        }

        void EndRow()
        {
            EndField();
            if (row.Count > 1 || row[0].Length > 0 || wasQuoted)
            {
                if (rows.Count == TableHierarchy.MaxRows)
                {
                    throw Invalid(line, $"more than {TableHierarchy.MaxRows} rows");
                }

                rows.Add(row.ToArray());
            }

            row.Clear();
            line++;
        }

        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (first && c == '\uFEFF')
            {
                first = false;
                continue;
            }

            first = false;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append(field, c, line);
                    }
                    else
                    {
                        quoted = false;
                        var after = reader.Peek();
                        if (after >= 0 && after != separator && after != '\r' && after != '\n')
                        {
                            throw Invalid(line, "text after a closing quote");
                        }
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        throw Invalid(line, "a line break inside a quoted label");
                    }

                    Append(field, c, line);
                }

                continue;
            }

            if (c == separator)
            {
                EndField();
            }
            else if (c == '"')
            {
                if (field.Length > 0)
                {
                    throw Invalid(line, "a quote inside an unquoted label");
                }

                quoted = wasQuoted = true;
            }
            else if (c == '\r')
            {
                if (reader.Peek() != '\n')
                {
                    throw Invalid(line, "a carriage return without a line feed");
                }
            }
            else if (c == '\n')
            {
                EndRow();
            }
            else
            {
                Append(field, c, line);
            }
        }

        if (quoted)
        {
            throw Invalid(line, "a quote that is never closed");
        }

        if (row.Count > 0 || field.Length > 0 || wasQuoted)
        {
            EndRow();
        }

        return rows;
    }

    private static void Append(StringBuilder field, char c, int line)
    {
        if (field.Length >= TableHierarchy.MaxLabelLength)
        {
            throw Invalid(line, $"a label longer than {TableHierarchy.MaxLabelLength} characters");
        }

        field.Append(c);
    }

    private static DepersonalizationException Invalid(int line, string what) =>
        new(DepersonalizationError.InvalidHierarchy, $"The hierarchy file is not a valid hierarchy table: line {line} has {what}.");
}
