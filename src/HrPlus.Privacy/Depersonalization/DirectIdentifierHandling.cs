namespace HrPlus.Privacy.Depersonalization;

/// <summary>What happens to a <see cref="ColumnRole.DirectIdentifier"/> column in the output.</summary>
public enum DirectIdentifierHandling
{
    /// <summary>The column is left out of the output (the default, and the only choice for an anonymous release).</summary>
    Drop = 0,

    /// <summary>
    /// The column is replaced by a keyed pseudonym (<see cref="Pseudonymization.IPseudonymizer"/>, domain
    /// <c>depersonalization:&lt;column&gt;</c>): the same person gets the same pseudonym in every run, so releases can be
    /// linked by whoever holds them. Use it for research follow-up, not for publication.
    /// </summary>
    Pseudonymize = 1,
}
