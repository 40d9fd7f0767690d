namespace HrPlus.Privacy.Sample.Web;

/// <summary>What changed between two texts of a policy, paragraph by paragraph.</summary>
public static class PolicyDiff
{
    /// <summary>Splits a policy text into its paragraphs (separated by blank lines).</summary>
    public static string[] Paragraphs(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Gets the paragraphs only in <paramref name="current"/> (added) and only in <paramref name="previous"/> (removed).</summary>
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Compare(string previous, string current)
    {
        var before = Paragraphs(previous);
        var after = Paragraphs(current);
        return ([.. after.Except(before, StringComparer.Ordinal)], [.. before.Except(after, StringComparer.Ordinal)]);
    }
}
