using System.Text;
using System.Text.RegularExpressions;

namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>
/// Turns every <c>```csharp</c> block of README.md and of the pages in <c>docs/</c> into a C# file that compiles when the snippet does: type declarations
/// stay at namespace level, everything else becomes the body of a method of a <c>ReadmeSnippets.Harness</c> class,
/// which holds the variables a host app has where the snippet goes. The quick start's <c>Program.cs</c> is compiled
/// as the new app itself; a block right below <c>&lt;!-- fragment --&gt;</c> is not compiled.
/// </summary>
internal static partial class ReadmeSnippetFiles
{
    public const string FragmentMarker = "<!-- fragment -->";

    /// <summary>The blocks of README.md and of every page under <c>docs/</c> (drafts excepted) of a repository.</summary>
    public static IReadOnlyList<(string Name, string Source)> GenerateAll(string repository)
    {
        var files = new List<(string, string)>(Generate(Path.Combine(repository, "README.md")));
        var docs = Path.Combine(repository, "docs");
        foreach (var page in Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(docs, page).Replace('\\', '/');
            if (relative.StartsWith("drafts/", StringComparison.Ordinal))
            {
                continue;
            }

            files.AddRange(Generate(page, "docs/" + relative));
        }

        return files;
    }

    public static IReadOnlyList<(string Name, string Source)> Generate(string readmePath) => Generate(readmePath, "README.md");

    /// <summary>The blocks of one markdown file; <paramref name="displayName"/> names it in the generated files.</summary>
    public static IReadOnlyList<(string Name, string Source)> Generate(string path, string displayName)
    {
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var prefix = displayName == "README.md" ? "Readme" : Identifier(displayName);
        var files = new List<(string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var start = i + 1;
            var end = start;
            while (lines[end].Trim() != "```")
            {
                end++;
            }

            var previous = i > 0 ? lines[i - 1].Trim() : string.Empty;
            if (previous != FragmentMarker && previous != ReadmeQuickStart.ProgramMarker)
            {
                var block = lines[start..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList();
                files.Add(($"{prefix}Line{i + 1}.cs", Wrap(block, i + 1, displayName, prefix)));
            }

            i = end;
        }

        return files;
    }

    private static string Identifier(string displayName) =>
        string.Concat(displayName.Split('/', '-', '.').Where(p => p.Length > 0 && p != "md").Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Wrap(List<string> block, int line, string displayName, string prefix)
    {
        var declarations = new StringBuilder();
        var statements = new StringBuilder();
        for (var i = 0; i < block.Count; i++)
        {
            if (!TypeDeclaration().IsMatch(block[i]))
            {
                statements.Append("        ").AppendLine(block[i]);
                continue;
            }

            // A declaration runs to its closing brace at the start of a line (or is one line ending in ';').
            while (true)
            {
                declarations.AppendLine(block[i]);
                if (block[i] == "}" || (block[i].TrimEnd().EndsWith(';') && TypeDeclaration().IsMatch(block[i])))
                {
                    break;
                }

                i++;
            }
        }

        return $$"""
            // {{displayName}}, the block at line {{line}}.
            #pragma warning disable CS0168, CS0219, CS1998, CS8321, CS8600, CS8602, CS8604
            namespace ReadmeSnippets.{{prefix}}Line{{line}};

            {{declarations}}
            public sealed class Snippet : ReadmeSnippets.Harness
            {
                public async Task RunAsync()
                {
            {{statements}}
                }
            }
            """;
    }

    [GeneratedRegex(@"^(public |internal )?(sealed |static |abstract |partial )*(class|record|struct|interface|enum) ")]
    private static partial Regex TypeDeclaration();
}
