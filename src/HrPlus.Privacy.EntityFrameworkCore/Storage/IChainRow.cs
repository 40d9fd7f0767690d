namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>A row of a hash-chained table: its position (the primary key) and its hash.</summary>
internal interface IChainRow
{
    /// <summary>Gets the position, from 1 without gaps.</summary>
    long Sequence { get; }

    /// <summary>Gets the row's hash.</summary>
    string Hash { get; }
}
