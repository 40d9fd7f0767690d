using System.Collections;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// The released rows of a run as a read-only view: an order of input rows (shuffled, see <see cref="ReleaseOrder"/>) and,
/// per output column, where its value comes from. A row's values are looked up when read, so a release of a million rows
/// costs one int per row instead of a million string arrays.
/// </summary>
/// <remarks>
/// The view reads the input rows it was built from; a <see cref="Dataset"/> never changes a row once added, so the release
/// stays what it was when the run returned. Reading is thread-safe; each row read is a small object of its own.
/// </remarks>
internal sealed class ReleasedRows : IReadOnlyList<IReadOnlyList<string>>
{
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly Column[] _columns;
    private readonly int[]? _rowMask;

    /// <param name="data">The input.</param>
    /// <param name="order">The input row of each released position.</param>
    /// <param name="columns">Each output column's source.</param>
    /// <param name="rowMask">Each input row's locally suppressed quasi-identifiers (bit per quasi-identifier), or null when none are.</param>
    public ReleasedRows(Dataset data, int[] order, Column[] columns, int[]? rowMask)
    {
        _data = data;
        _order = order;
        _columns = columns;
        _rowMask = rowMask;
    }

    public int Count => _order.Length;

    public IReadOnlyList<string> this[int index] => new Row(this, (uint)index < (uint)_order.Length ? index : throw new ArgumentOutOfRangeException(nameof(index)));

    public IEnumerator<IReadOnlyList<string>> GetEnumerator()
    {
        for (var position = 0; position < _order.Length; position++)
        {
            yield return new Row(this, position);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private string Value(int position, int column)
    {
        var source = _columns[column];
        var row = _order[position];
        if (source.Labels is { } labels)
        {
            return _rowMask is not null && (_rowMask[row] & source.Bit) != 0 ? Hierarchy.Suppressed : labels[source.Codes![row]];
        }

        return source.Values is { } values ? values[position] : _data.Row(row)[source.Source];
    }

    /// <summary>Where an output column's values come from.</summary>
    internal sealed class Column
    {
        /// <summary>Gets the input column copied as it is, when neither <see cref="Labels"/> nor <see cref="Values"/> is set.</summary>
        public int Source { get; init; } = -1;

        /// <summary>Gets a generalized quasi-identifier's label per level-0 code.</summary>
        public string[]? Labels { get; init; }

        /// <summary>Gets the level-0 code of each input row (with <see cref="Labels"/>).</summary>
        public int[]? Codes { get; init; }

        /// <summary>Gets the quasi-identifier's bit in the row masks (with <see cref="Labels"/>).</summary>
        public int Bit { get; init; }

        /// <summary>Gets the values computed per released position (pseudonyms).</summary>
        public string[]? Values { get; init; }
    }

    private sealed class Row(ReleasedRows rows, int position) : IReadOnlyList<string>
    {
        public int Count => rows._columns.Length;

        public string this[int index] => (uint)index < (uint)rows._columns.Length ? rows.Value(position, index) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < rows._columns.Length; i++)
            {
                yield return rows.Value(position, i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
