using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>
/// Finds the relative links of markdown pages that lead nowhere: a file that does not exist, or a <c>#bookmark</c> that
/// names no heading of its page (headings become bookmarks the way GitHub and docfx make them: lower case, punctuation
/// dropped, spaces turned into hyphens). Links with a scheme (<c>http:</c>, <c>mailto:</c>) are not followed.
/// </summary>
internal static partial class DocsLinks
{
    public static string RepositoryRoot { get; } = typeof(DocsLinks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The markdown pages of the documentation: README.md and docs/ without its drafts and generated API pages.</summary>
    public static IEnumerable<string> Pages(string repository)
    {
        yield return Path.Combine(repository, "README.md");
        var docs = Path.Combine(repository, "docs");
        foreach (var page in Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(docs, page).Replace('\\', '/');
            if (!relative.StartsWith("drafts/", StringComparison.Ordinal) && !relative.StartsWith("_site/", StringComparison.Ordinal))
            {
                yield return page;
            }
        }
    }

    /// <summary>Every relative link target of a page (outside code spans and code blocks), with its line number.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string page)
    {
        var lines = File.ReadAllText(page).ReplaceLineEndings("\n").Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            var text = CodeSpan().Replace(lines[i], string.Empty);
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (!Scheme().IsMatch(target))
                {
                    yield return (i + 1, target);
                }
            }
        }
    }

    /// <summary>The links of <paramref name="pages"/> that lead nowhere, as "page(line): target" lines.</summary>
    public static IReadOnlyList<string> Broken(string repository, IEnumerable<string> pages)
    {
        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (var (line, target) in Links(page))
            {
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var file = hash < 0 ? target : target[..hash];
                var bookmark = hash < 0 ? null : target[(hash + 1)..];
                var resolved = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(file)));
                var name = Path.GetRelativePath(repository, page).Replace('\\', '/');
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    broken.Add($"{name}({line}): {target} (no such file)");
                }
                else if (bookmark is not null && (!resolved.EndsWith(".md", StringComparison.Ordinal) || !Bookmarks(resolved).Contains(bookmark)))
                {
                    broken.Add($"{name}({line}): {target} (no such heading)");
                }
            }
        }

        return broken;
    }

    /// <summary>The bookmarks the headings of a markdown page make.</summary>
    public static HashSet<string> Bookmarks(string page)
    {
        var bookmarks = new HashSet<string>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in File.ReadAllText(page).ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced && Heading().Match(line) is { Success: true } heading)
            {
                bookmarks.Add(Slug(heading.Groups["text"].Value));
            }
        }

        return bookmarks;
    }

    /// <summary>A heading's bookmark: lower case, letters, digits, hyphens and underscores kept, spaces made hyphens.</summary>
    public static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6} +(?<text>.+?) *#*$")]
    private static partial Regex Heading();
}
