namespace HrPlus.Privacy.Depersonalization;

/// <summary>How one column of a dataset is treated; made by the methods of <see cref="DatasetSchema"/>.</summary>
public sealed class DatasetColumn
{
    internal DatasetColumn(string name, ColumnRole role, Hierarchy? hierarchy, DirectIdentifierHandling handling, bool isSubjectId, IComparer<string>? order)
    {
        Name = name;
        Role = role;
        Hierarchy = hierarchy;
        Handling = handling;
        IsSubjectId = isSubjectId;
        Order = order;
    }

    /// <summary>Gets the column name.</summary>
    public string Name { get; }

    /// <summary>Gets the column's role.</summary>
    public ColumnRole Role { get; }

    /// <summary>Gets the generalization hierarchy of a quasi-identifier; null for other roles.</summary>
    public Hierarchy? Hierarchy { get; }

    /// <summary>Gets what happens to a direct identifier; <see cref="DirectIdentifierHandling.Drop"/> for other roles.</summary>
    public DirectIdentifierHandling Handling { get; }

    /// <summary>Gets whether the column holds the subjects' opaque ids, named in the disclosure log when a run goes to a recipient.</summary>
    public bool IsSubjectId { get; }

    /// <summary>
    /// Gets the order of a sensitive attribute's values for t-closeness; null means numeric order when every value is a
    /// number, and ordinal text order otherwise.
    /// </summary>
    public IComparer<string>? Order { get; }
}
