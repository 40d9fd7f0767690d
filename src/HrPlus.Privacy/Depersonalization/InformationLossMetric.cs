namespace HrPlus.Privacy.Depersonalization;

/// <summary>How the search scores a generalization; the least score wins.</summary>
public enum InformationLossMetric
{
    /// <summary>
    /// Discernibility (Bayardo and Agrawal): the sum over equivalence classes of the class size squared, plus the
    /// number of rows for each suppressed row. Favours small classes and few suppressions.
    /// </summary>
    Discernibility = 0,

    /// <summary>Generalization height: the sum of the chosen levels over the quasi-identifiers. Favours low levels whatever the class sizes; ties go to the lower discernibility.</summary>
    Height = 1,
}
