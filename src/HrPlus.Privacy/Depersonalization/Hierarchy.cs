namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// A generalization hierarchy of a quasi-identifier: level 0 is the most specific form a value may be published in,
/// each higher level is coarser, and level <see cref="Height"/> is <see cref="Suppressed"/> for every value.
/// </summary>
/// <remarks>
/// Hierarchies are closed: the ready ones come from the factory methods here and a host's own categories come from
/// <see cref="Tree(IReadOnlyDictionary{string, string})"/>. Generalization only ever returns labels of the hierarchy (never a value it invented), and a
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
    /// Numbers in bands with top and bottom coding: as <see cref="Intervals(int[])"/>, except that every value below
    /// <paramref name="bottom"/> is <c>&lt; bottom</c> and every value from <paramref name="top"/> up is <c>&gt;= top</c> at
    /// every level below the top, level 0 included (the extremes are never published as they are), and the bands next to
    /// the cuts are cut there (<c>[15, 18)</c> with a top of 18).
    /// </summary>
    /// <param name="widths">Band widths, each positive and a multiple of the one before it.</param>
    /// <param name="bottom">The bottom code's bound, or null for none.</param>
    /// <param name="top">The top code's bound, or null for none; above <paramref name="bottom"/>.</param>
    /// <exception cref="ArgumentException">Invalid widths, or a top not above the bottom.</exception>
    public static Hierarchy Intervals(int[] widths, decimal? bottom = null, decimal? top = null)
    {
        _ = Intervals(widths);
        if (bottom is { } b && top is { } t && t <= b)
        {
            throw new ArgumentException("The top code's bound is above the bottom code's.", nameof(top));
        }

        return new IntervalHierarchy([.. widths], bottom, top);
    }

    /// <summary>
    /// A hierarchy from a table in ARX's layout: one row per value, the value first and then its label at level 1, 2, …; a
    /// last column of <c>*</c> (as ARX writes it) is the top level and may be left out.
    /// </summary>
    /// <remarks>
    /// Checked as a whole before use: every value has one row, labels are 1 to 256 characters without control characters
    /// and never <c>*</c> below the top, at most 32 levels and 1,000,000 rows, and each label has one parent (a label of
    /// level l in two rows has the same label at level l + 1 in both). Rows of different lengths (trailing empty cells) are
    /// refused or padded as <paramref name="uneven"/> says. Errors name the row and column, never a label.
    /// </remarks>
    /// <param name="rows">The rows.</param>
    /// <param name="uneven">What to do with rows shorter than the longest. Default <see cref="UnevenDepth.Refuse"/>.</param>
    /// <exception cref="DepersonalizationException">The table is not a valid hierarchy (<see cref="DepersonalizationError.InvalidHierarchy"/>).</exception>
    public static Hierarchy FromTable(IEnumerable<IReadOnlyList<string>> rows, UnevenDepth uneven = UnevenDepth.Refuse)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Enum.IsDefined(uneven) ? TableHierarchy.Create(rows, uneven) : throw new ArgumentOutOfRangeException(nameof(uneven));
    }

    /// <summary>
    /// A hierarchy from a CSV file in ARX's layout (see <see cref="FromTable"/>): RFC 4180 quoting, CRLF or LF line ends, a
    /// byte order mark allowed, blank lines skipped. ARX writes <c>;</c> as the separator.
    /// </summary>
    /// <param name="reader">The file's text; read to the end, not disposed.</param>
    /// <param name="separator">The field separator. Default <c>;</c>.</param>
    /// <param name="uneven">What to do with rows shorter than the longest. Default <see cref="UnevenDepth.Refuse"/>.</param>
    /// <exception cref="DepersonalizationException">The file is not valid CSV within the limits, or not a valid hierarchy (<see cref="DepersonalizationError.InvalidHierarchy"/>).</exception>
    /// <exception cref="ArgumentException">The separator is a quote, a line break or a control character other than tab.</exception>
    public static Hierarchy FromCsv(TextReader reader, char separator = ';', UnevenDepth uneven = UnevenDepth.Refuse)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return FromTable(HierarchyCsv.Read(reader, separator), uneven);
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
    /// generalizes one step per level up the tree. Only values in the tree (keys or parents) are inside the hierarchy.
    /// Leaves at different depths are padded (<see cref="UnevenDepth.Pad"/>): every value reaches its root at the same level.
    /// </summary>
    /// <param name="parentOf">Each value's parent; roots are parents that are not keys.</param>
    /// <exception cref="ArgumentException">An empty or <c>*</c> label, or a cycle.</exception>
    public static Hierarchy Tree(IReadOnlyDictionary<string, string> parentOf)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        return new TreeHierarchy(parentOf, acceptsAnyLeaf: false);
    }

    /// <summary>A host-supplied tree (see <see cref="Tree(IReadOnlyDictionary{string, string})"/>) whose leaves at different depths are refused or padded.</summary>
    /// <param name="parentOf">Each value's parent; roots are parents that are not keys.</param>
    /// <param name="uneven">Refuse leaves at different depths, or pad their paths by repeating the root.</param>
    /// <exception cref="ArgumentException">An empty or <c>*</c> label, or a cycle.</exception>
    /// <exception cref="DepersonalizationException">Leaves at different depths with <see cref="UnevenDepth.Refuse"/> (<see cref="DepersonalizationError.InvalidHierarchy"/>).</exception>
    public static Hierarchy Tree(IReadOnlyDictionary<string, string> parentOf, UnevenDepth uneven)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        return new TreeHierarchy(parentOf, acceptsAnyLeaf: false, uneven);
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
