namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// A generalization hierarchy of a quasi-identifier: level 0 is the most specific form a value may be published in,
/// each higher level is coarser, and level <see cref="Height"/> is <see cref="Suppressed"/> for every value.
/// </summary>
/// <remarks>
/// Hierarchies are closed: the ready ones come from the factory methods here and a host's own categories come from
/// <see cref="Tree"/>. Generalization only ever returns labels of the hierarchy (never a value it invented), and a
/// value the hierarchy does not know is an error, not a guess. Instances are immutable and thread-safe.
/// </remarks>
public abstract class Hierarchy
{
    /// <summary>The label of the top level: the value is withheld.</summary>
    public const string Suppressed = "*";

    private protected Hierarchy(int height) => Height = height;

    /// <summary>Gets the number of generalization steps above level 0; level <see cref="Height"/> is <see cref="Suppressed"/>.</summary>
    public int Height { get; }

    /// <summary>Birth dates <c>yyyy-MM-dd</c>: level 1 the month (<c>2011-04</c>), 2 the year, 3 a five-year band (<c>2010-2014</c>), 4 <c>*</c>.</summary>
    public static Hierarchy BirthDate() => new BirthDateHierarchy();

    /// <summary>Ages in whole or decimal years: bands of 5, 10 and 20 years (<c>[10, 15)</c>), then <c>*</c>.</summary>
    public static Hierarchy Age() => new IntervalHierarchy([5, 10, 20]);

    /// <summary>
    /// Numbers in bands: level <c>i</c> is the band of width <c>widths[i - 1]</c> holding the value, written
    /// <c>[lower, upper)</c>, and the level after the last width is <c>*</c>.
    /// </summary>
    /// <param name="widths">Band widths, each positive and a multiple of the one before it, so every band nests in the next.</param>
    /// <exception cref="ArgumentException">No widths, a width under 1, or a width that is not a multiple of the previous one.</exception>
    public static Hierarchy Intervals(params int[] widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Length == 0)
        {
            throw new ArgumentException("Give at least one band width.", nameof(widths));
        }

        for (var i = 0; i < widths.Length; i++)
        {
            if (widths[i] < 1 || (i > 0 && widths[i] % widths[i - 1] != 0))
            {
                throw new ArgumentException("Band widths are positive and each is a multiple of the one before it, so that bands nest.", nameof(widths));
            }
        }

        return new IntervalHierarchy([.. widths]);
    }

    /// <summary>
    /// IINs, published as birth year and sex only (<c>2011 F</c>), never as digits: level 1 the birth year, 2 a five-year
    /// band, 3 <c>*</c>. A value that is not a valid IIN is outside the hierarchy.
    /// </summary>
    public static Hierarchy Iin() => new IinHierarchy();

    /// <summary>
    /// School classes such as <c>7Б</c> or <c>10 A</c> (grade 0 to 12 followed by a letter): level 1 the grade (<c>7</c>),
    /// level 2 the stage (<c>primary</c> for 0 to 4, <c>lower-secondary</c> for 5 to 9, <c>upper-secondary</c> for 10 to 12),
    /// level 3 <c>*</c>.
    /// </summary>
    public static Hierarchy SchoolClass() => new SchoolClassHierarchy();

    /// <summary>A category with no structure (sex, language of instruction): level 0 the value, level 1 <c>*</c>.</summary>
    public static Hierarchy Categorical() => new TreeHierarchy(new Dictionary<string, string>(StringComparer.Ordinal), acceptsAnyLeaf: true);

    /// <summary>
    /// A host-supplied tree, for example school → district → region: each key is a value and maps to its parent; a value
    /// generalizes one step per level up the tree, and to <c>*</c> once it passes the root. Only values in the tree
    /// (keys or parents) are inside the hierarchy.
    /// </summary>
    /// <param name="parentOf">Each value's parent; roots are parents that are not keys.</param>
    /// <exception cref="ArgumentException">An empty or <c>*</c> label, or a cycle.</exception>
    public static Hierarchy Tree(IReadOnlyDictionary<string, string> parentOf)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        return new TreeHierarchy(parentOf, acceptsAnyLeaf: false);
    }

    /// <summary>Gets the label of <paramref name="value"/> at <paramref name="level"/>.</summary>
    /// <param name="value">A value of the column.</param>
    /// <param name="level">0 to <see cref="Height"/>.</param>
    /// <returns>A label of this hierarchy; <see cref="Suppressed"/> at level <see cref="Height"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 0 to <see cref="Height"/>.</exception>
    /// <exception cref="DepersonalizationException">The value is outside the hierarchy (<see cref="DepersonalizationError.ValueOutsideHierarchy"/>).</exception>
    public string Generalize(string value, int level)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Height);
        var label = GeneralizeCore(value, level)
            ?? throw new DepersonalizationException(
                DepersonalizationError.ValueOutsideHierarchy,
                $"A value is outside its hierarchy ({GetType().Name.Replace("Hierarchy", string.Empty, StringComparison.Ordinal)}); fix the data or extend the hierarchy.");
        return level == Height ? Suppressed : label;
    }

    /// <summary>The label at <paramref name="level"/> (0 to <see cref="Height"/>), or null when the value is outside the hierarchy.</summary>
    private protected abstract string? GeneralizeCore(string value, int level);
}
