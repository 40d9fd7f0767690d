namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>The documentation site's pages: links that lead somewhere, a short README that links every page.</summary>
public sealed class DocsTests : IDisposable
{
    private readonly string _repository = DocsLinks.RepositoryRoot;
    private readonly string _scratch = Directory.CreateTempSubdirectory("hrplus-docs-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Links_InReadmeAndDocs_AllLeadToAFileAndHeading()
    {
        var broken = DocsLinks.Broken(_repository, DocsLinks.Pages(_repository));

        Assert.True(broken.Count == 0, "broken links:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void Links_ToAMissingPageOrHeading_AreReported()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "docs"));
        File.WriteAllText(Path.Combine(_scratch, "docs", "a.md"), """
            # Page a

            ## Where the keys live

            See [b](b.md), [the keys](#where-the-keys-live), [gone](missing.md), [no heading](#engines),
            [b's part](b.md#part-two), [b's missing part](b.md#part-three) and [the web](https://example.org/x.md).
            `[in code](nowhere.md)`

            ```
            [in a block](nowhere.md)
            ```
            """);
        File.WriteAllText(Path.Combine(_scratch, "docs", "b.md"), "# Page b\n\n## Part two\n");

        var broken = DocsLinks.Broken(_scratch, [Path.Combine(_scratch, "docs", "a.md")]);

        Assert.Equal(
            ["docs/a.md(5): missing.md (no such file)", "docs/a.md(5): #engines (no such heading)", "docs/a.md(6): b.md#part-three (no such heading)"],
            broken);
    }

    [Theory]
    [InlineData("Where the keys live", "where-the-keys-live")]
    [InlineData("Blocking, erasure and the subject's export", "blocking-erasure-and-the-subjects-export")]
    [InlineData("Format v1 (frozen)", "format-v1-frozen")]
    [InlineData("Several instances: PostgreSQL", "several-instances-postgresql")]
    public void Slug_OfAHeading_IsTheBookmarkGitHubAndDocfxMake(string heading, string expected) =>
        Assert.Equal(expected, DocsLinks.Slug(heading));

    [Fact]
    public void Readme_IsAtMost300Lines_AndLinksEveryPage()
    {
        var readme = Path.Combine(_repository, "README.md");
        var lines = File.ReadAllLines(readme);
        Assert.True(lines.Length <= 300, $"README.md has {lines.Length} lines; topics belong in docs/");

        var linked = DocsLinks.Links(readme)
            .Select(l => l.Target.Split('#')[0])
            .Where(t => t.StartsWith("docs/", StringComparison.Ordinal))
            .Select(t => Path.GetFullPath(Path.Combine(_repository, t)))
            .ToHashSet(StringComparer.Ordinal);
        var pages = DocsLinks.Pages(_repository).Skip(1)
            .Where(p => !Path.GetRelativePath(Path.Combine(_repository, "docs"), p).StartsWith("api", StringComparison.Ordinal));
        var unlinked = pages.Where(p => !linked.Contains(p)).Select(p => Path.GetRelativePath(_repository, p)).ToList();
        Assert.True(unlinked.Count == 0, "pages README.md does not link: " + string.Join(", ", unlinked));
    }

    [Fact]
    public void Toc_ListsEveryPage()
    {
        var docs = Path.Combine(_repository, "docs");
        var toc = File.ReadAllLines(Path.Combine(docs, "toc.yml"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("href: ", StringComparison.Ordinal))
            .Select(l => l["href: ".Length..])
            .ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(docs, "*.md").Select(Path.GetFileName).ToList();

        Assert.All(pages, p => Assert.Contains(p!, toc));
        Assert.All(toc.Where(h => h.EndsWith(".md", StringComparison.Ordinal)), h => Assert.True(File.Exists(Path.Combine(docs, h)), h));
    }
}
