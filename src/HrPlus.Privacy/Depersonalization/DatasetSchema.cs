namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Describes every column of a dataset: a run refuses a dataset with a column the schema does not describe, since an
/// undescribed column may identify someone.
/// </summary>
/// <example>
/// <code>
/// var schema = new DatasetSchema()
///     .DirectIdentifier("pupil", subjectId: true)
///     .QuasiIdentifier("birthDate", Hierarchy.BirthDate())
///     .QuasiIdentifier("class", Hierarchy.SchoolClass())
///     .Sensitive("anxiety");
/// </code>
/// </example>
public sealed class DatasetSchema
{
    private readonly List<DatasetColumn> _columns = [];

    /// <summary>Gets the described columns, in the order described.</summary>
    public IReadOnlyList<DatasetColumn> Columns => _columns;

    /// <summary>Describes a direct identifier.</summary>
    /// <param name="name">The column.</param>
    /// <param name="handling">Dropped (default) or pseudonymized.</param>
    /// <param name="subjectId">Whether the column holds the subjects' opaque ids (never IINs), for the disclosure log.</param>
    /// <returns>This schema.</returns>
    public DatasetSchema DirectIdentifier(string name, DirectIdentifierHandling handling = DirectIdentifierHandling.Drop, bool subjectId = false)
    {
        if (!Enum.IsDefined(handling))
        {
            throw new ArgumentOutOfRangeException(nameof(handling));
        }

        return Add(new DatasetColumn(CheckName(name), ColumnRole.DirectIdentifier, null, handling, subjectId, null));
    }

    /// <summary>Describes a quasi-identifier and its generalization hierarchy.</summary>
    /// <param name="name">The column.</param>
    /// <param name="hierarchy">How its values generalize.</param>
    /// <returns>This schema.</returns>
    public DatasetSchema QuasiIdentifier(string name, Hierarchy hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return Add(new DatasetColumn(CheckName(name), ColumnRole.QuasiIdentifier, hierarchy, DirectIdentifierHandling.Drop, false, null));
    }

    /// <summary>Describes a sensitive attribute, protected by the l-diversity and t-closeness options.</summary>
    /// <param name="name">The column.</param>
    /// <param name="order">The order of its values for t-closeness; null for numeric order when all values are numbers, else ordinal text order.</param>
    /// <returns>This schema.</returns>
    public DatasetSchema Sensitive(string name, IComparer<string>? order = null) =>
        Add(new DatasetColumn(CheckName(name), ColumnRole.Sensitive, null, DirectIdentifierHandling.Drop, false, order));

    /// <summary>Describes a column kept as it is.</summary>
    /// <param name="name">The column.</param>
    /// <returns>This schema.</returns>
    public DatasetSchema Insensitive(string name) =>
        Add(new DatasetColumn(CheckName(name), ColumnRole.Insensitive, null, DirectIdentifierHandling.Drop, false, null));

    private DatasetSchema Add(DatasetColumn column)
    {
        if (_columns.Any(c => string.Equals(c.Name, column.Name, StringComparison.Ordinal)))
        {
            throw new ArgumentException("The column is described already.", nameof(column));
        }

        _columns.Add(column);
        return this;
    }

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
