using System.Text.RegularExpressions;

namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>What README.md's quick start tells a new user to do: the packages to add and the whole <c>Program.cs</c>.</summary>
internal sealed partial record ReadmeQuickStart(IReadOnlyList<(string Id, string? Version)> Packages, string Program)
{
    public const string ProgramMarker = "<!-- quick-start: Program.cs -->";

    public static ReadmeQuickStart Read(string readmePath)
    {
        var readme = File.ReadAllText(readmePath).ReplaceLineEndings("\n");
        var start = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Quick start' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var packages = AddPackage().Matches(section)
            .Select(m => (m.Groups["id"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null))
            .ToList();
        var marker = section.IndexOf(ProgramMarker, StringComparison.Ordinal);
        Assert.True(marker >= 0, $"the quick start has no {ProgramMarker} block");
        var open = section.IndexOf("```csharp\n", marker, StringComparison.Ordinal);
        var close = section.IndexOf("\n```", open + 10, StringComparison.Ordinal);
        return new ReadmeQuickStart(packages, section[(open + "```csharp\n".Length)..(close + 1)]);
    }

    [GeneratedRegex(@"^dotnet add package (?<id>[A-Za-z0-9.]+)(?: --version (?<version>\S+))?$", RegexOptions.Multiline)]
    private static partial Regex AddPackage();
}
