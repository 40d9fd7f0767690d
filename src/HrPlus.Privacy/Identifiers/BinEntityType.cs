namespace HrPlus.Privacy.Identifiers;

/// <summary>The kind of business entity, from the 5th digit of a <see cref="Bin"/>.</summary>
public enum BinEntityType
{
    /// <summary>5th digit 4: a legal entity resident in Kazakhstan.</summary>
    ResidentLegalEntity = 4,

    /// <summary>5th digit 5: a non-resident legal entity.</summary>
    NonResidentLegalEntity = 5,

    /// <summary>5th digit 6: an individual entrepreneur working as a joint enterprise.</summary>
    JointIndividualEntrepreneur = 6,
}
