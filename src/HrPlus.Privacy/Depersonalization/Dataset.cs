namespace HrPlus.Privacy.Depersonalization;

/// <summary>A table of text values to depersonalize: named columns and rows of exactly that many values.</summary>
/// <remarks>Not thread-safe while rows are added; a run reads it without changing it.</remarks>
public sealed class Dataset
{
    private readonly List<string[]> _rows = [];

    /// <summary>Creates an empty dataset.</summary>
    /// <param name="columns">Column names: distinct, non-empty.</param>
    /// <exception cref="ArgumentException">No columns, an empty name or a repeated name.</exception>
    public Dataset(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0 || Columns.Any(string.IsNullOrWhiteSpace) || Columns.Distinct(StringComparer.Ordinal).Count() != Columns.Count)
        {
            throw new ArgumentException("A dataset has at least one column; names are non-empty and distinct.", nameof(columns));
        }
    }

    /// <summary>Gets the column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Gets the number of rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Gets the rows, in the order added.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    /// <summary>Adds a row.</summary>
    /// <param name="values">One non-null value per column, in column order (copied).</param>
    /// <returns>This dataset.</returns>
    /// <exception cref="ArgumentException">The wrong number of values, or a null value.</exception>
    public Dataset Add(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Columns.Count || Array.IndexOf(values, null) >= 0)
        {
            throw new ArgumentException($"A row has {Columns.Count} non-null values, one per column.", nameof(values));
        }

        _rows.Add([.. values]);
        return this;
    }

    /// <summary>Gets the position of a column, or -1.</summary>
    internal int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal string[] Row(int index) => _rows[index];
}
