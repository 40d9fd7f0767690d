namespace HrPlus.Privacy.Depersonalization;

/// <summary>How the records of classes that fail the privacy models are suppressed.</summary>
public enum SuppressionMode
{
    /// <summary>The whole record is left out of the release (the default).</summary>
    Rows = 0,

    /// <summary>
    /// Local suppression: quasi-identifier values of the failing records are replaced by <see cref="Hierarchy.Suppressed"/>
    /// (<c>*</c>), one quasi-identifier at a time, until the records form classes that meet the models; only records that
    /// still fail with every quasi-identifier suppressed are left out.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A <c>*</c> matches nothing but itself (ARX's rule): a record with <c>*</c> for the school is in a class with the
    /// records that have <c>*</c> for the school and the same other values, never with a record that shows a school. So K,
    /// L and T hold over the released values as they are written.
    /// </para>
    /// <para>
    /// The generalization is the one the search picks with row suppression; then, step by step, the quasi-identifier whose
    /// suppression lets the most of the remaining failing records form passing classes is suppressed in all of them, the
    /// records in passing classes are released, and the rest go on to the next step. Every failing record loses at most
    /// all of its quasi-identifier values, and is left out only when even that fails, so the loss (values suppressed,
    /// counting a left-out record as all of its quasi-identifiers) and the discernibility are never above the row
    /// suppression's on the same data.
    /// </para>
    /// </remarks>
    Values = 1,
}
