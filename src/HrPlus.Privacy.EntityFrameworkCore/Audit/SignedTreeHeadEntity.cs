namespace HrPlus.Privacy.EntityFrameworkCore.Audit;

/// <summary>
/// A signed tree head kept in <c>hrplus_signed_tree_heads</c>, beside the logs: the last resort where no checkpoint
/// folder or sink is configured and DataProtection keeps no folder. Copies outside the database are what make it evidence.
/// </summary>
public sealed class SignedTreeHeadEntity
{
    /// <summary>Gets or sets the row id, in write order.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the log (<see cref="HrPlus.Privacy.Audit.HashChainedLog"/> as its number).</summary>
    public int Log { get; set; }

    /// <summary>Gets or sets the tree size the head signs.</summary>
    public long TreeSize { get; set; }

    /// <summary>Gets or sets the head's one-line text form (<see cref="HrPlus.Privacy.Audit.SignedTreeHead.ToString"/>).</summary>
    public string Line { get; set; } = string.Empty;
}
