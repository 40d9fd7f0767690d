namespace HrPlus.Privacy.Depersonalization;

/// <summary>Why a depersonalization run failed.</summary>
public enum DepersonalizationError
{
    /// <summary>The schema does not fit the dataset: an undescribed column, a described column missing, a role without what it needs.</summary>
    InvalidSchema = 1,

    /// <summary>A quasi-identifier value lies outside its hierarchy (an unknown school, a malformed date or IIN).</summary>
    ValueOutsideHierarchy = 2,

    /// <summary>A hierarchy maps one value to two parents at the next level.</summary>
    InvalidHierarchy = 3,

    /// <summary>No generalization meets the privacy models within the suppression limit, not even the most general one.</summary>
    SuppressionLimitExceeded = 4,

    /// <summary>The generalization lattice has more nodes than the search examines.</summary>
    LatticeTooLarge = 5,

    /// <summary>A small-cell table could not be protected by complementary suppression.</summary>
    CannotProtectTable = 6,

    /// <summary>A release to a recipient needs a subject id column for the disclosure log and has none.</summary>
    MissingSubjectColumn = 7,
}
