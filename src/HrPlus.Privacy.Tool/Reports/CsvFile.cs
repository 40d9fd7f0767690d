using System.Text;

namespace HrPlus.Privacy.Tool.Reports;

/// <summary>
/// RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks in double quotes, quotes doubled. Read
/// strictly, since the file comes from outside: an unterminated quote, a stray quote, a row of another width, an empty
/// or duplicate header name, or more than <see cref="MaxColumns"/> columns or <see cref="MaxFieldLength"/> characters
/// in a field is refused with the line number (never the value).
/// </summary>
internal static class CsvFile
{
    public const int MaxColumns = 1024;

    public const int MaxFieldLength = 64 * 1024;

    /// <summary>Reads a whole CSV file: the header, then the rows.</summary>
    public static (IReadOnlyList<string> Header, List<string[]> Rows) Read(TextReader reader, string name)
    {
        var line = 1;
        var header = ReadRecord(reader, name, ref line) ?? throw Bad(name, 1, "is empty: the first line must name the columns");
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Trim().Length == 0)
            {
                throw Bad(name, 1, $"has an empty name for column {i + 1}");
            }

            if (Array.IndexOf(header, header[i]) != i)
            {
                throw Bad(name, 1, $"names column '{header[i]}' twice");
            }
        }

        var rows = new List<string[]>();
        while (true)
        {
            var start = line;
            var record = ReadRecord(reader, name, ref line);
            if (record is null)
            {
                break;
            }

            if (record.Length == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Length != header.Length)
            {
                throw Bad(name, start, $"has {record.Length} fields where the header has {header.Length}");
            }

            rows.Add(record);
        }

        return (header, rows);
    }

    /// <summary>Reads one record, or null at the end of the input.</summary>
    internal static string[]? ReadRecord(TextReader reader, string name, ref int line)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        var startLine = line;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw Bad(name, startLine, "has a quoted field that is never closed");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append(field, '"', name, line);
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    Append(field, (char)c, name, line);
                }

                continue;
            }

            if (c is < 0 or '\n' or '\r' or ',')
            {
                fields.Add(field.ToString());
                if (fields.Count > MaxColumns)
                {
                    throw Bad(name, line, $"has more than {MaxColumns} columns");
                }

                field.Clear();
                wasQuoted = false;
                if (c == ',')
                {
                    continue;
                }

                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                if (c >= 0)
                {
                    line++;
                }

                return [.. fields];
            }

            if (c == '"')
            {
                if (field.Length > 0 || wasQuoted)
                {
                    throw Bad(name, line, "has a quote inside an unquoted field (quote the whole field and double the quote)");
                }

                quoted = true;
                wasQuoted = true;
                continue;
            }

            if (wasQuoted)
            {
                throw Bad(name, line, "has characters after a closing quote");
            }

            Append(field, (char)c, name, line);
        }
    }

    /// <summary>Writes one record, quoting where needed.</summary>
    public static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var value = fields[i];
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(value);
            }
        }

        writer.Write("\r\n");
    }

    private static void Append(StringBuilder field, char c, string name, int line)
    {
        if (field.Length >= MaxFieldLength)
        {
            throw Bad(name, line, $"has a field longer than {MaxFieldLength} characters");
        }

        field.Append(c);
    }

    private static ToolException Bad(string name, int line, string what) => new(ExitCodes.BadInput, $"'{name}' line {line} {what}.");
}
