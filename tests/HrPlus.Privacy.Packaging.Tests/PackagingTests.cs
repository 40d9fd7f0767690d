using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>
/// Packs the three packages the way a release does and uses them the way a host app does: from a folder feed,
/// in a project that sees nothing of this repository.
/// </summary>
/// <remarks>
/// Each run packs a unique prerelease version (<c>0.1.0-test…</c>), so the machine's global packages folder
/// can never serve a copy packed by an earlier run; the copies this run adds there are removed afterwards.
/// The packages are built in a private artifacts folder, so the run does not touch the repository's own
/// <c>bin</c> and <c>obj</c> folders.
/// </remarks>
public sealed class PackagingTests : IDisposable
{
    private const string Core = "HrPlus.Privacy";
    private const string AspNetCore = "HrPlus.Privacy.AspNetCore";
    private const string EntityFrameworkCore = "HrPlus.Privacy.EntityFrameworkCore";
    private static readonly string[] PackageIds = [Core, AspNetCore, EntityFrameworkCore];

    private const string TestRemote = "https://github.com/hrplus-test/hrplus-privacy";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "hrplus-packaging-" + Guid.NewGuid().ToString("N"));
    private readonly string _repository = Metadata("RepositoryRoot");
    private readonly string _commit;
    private readonly string _version = $"{Metadata("VersionPrefix")}-test{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    public PackagingTests() => _commit = GitHead(_repository);

    [Fact]
    public async Task Pack_SourceProjects_MakesPackagesThatAFreshWebAppBuildsAndRunsOn()
    {
        var feed = Path.Combine(_root, "feed");
        foreach (var id in PackageIds)
        {
            (await DotnetCli.RunAsync(_repository,
            [
                "pack", Path.Combine(_repository, "src", id, id + ".csproj"),
                "-c", "Release",
                "-o", feed,
                "--version-suffix", _version[(_version.IndexOf('-') + 1)..],
                "--artifacts-path", Path.Combine(_root, "artifacts"),
                // Read the remote from the git configuration below even in CI, where SourceLink reads only the clone's own.
                "-p:GitRepositoryConfigurationScope=",
            ], environment: GitRemoteConfiguration())).AssertSucceeded();
        }

        var expectedFiles = PackageIds.SelectMany(id => new[] { $"{id}.{_version}.nupkg", $"{id}.{_version}.snupkg" }).Order(StringComparer.Ordinal);
        Assert.Equal(expectedFiles, Directory.GetFiles(feed).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var central = CentralPackageVersions();
        AssertPackage(feed, Core, new Dictionary<string, string>
        {
            ["Microsoft.AspNetCore.DataProtection"] = central["Microsoft.AspNetCore.DataProtection"],
            ["Microsoft.Extensions.Compliance.Abstractions"] = central["Microsoft.Extensions.Compliance.Abstractions"],
            ["Microsoft.Extensions.DependencyInjection.Abstractions"] = central["Microsoft.Extensions.DependencyInjection.Abstractions"],
            ["Microsoft.Extensions.Logging.Abstractions"] = central["Microsoft.Extensions.Logging.Abstractions"],
            ["Microsoft.Extensions.Options"] = central["Microsoft.Extensions.Options"],
            ["NSec.Cryptography"] = central["NSec.Cryptography"],
        });
        // Released together: exactly the same version of the core, never "this version or later".
        AssertPackage(feed, AspNetCore, new Dictionary<string, string> { [Core] = $"[{_version}]" });
        AssertPackage(feed, EntityFrameworkCore, new Dictionary<string, string>
        {
            [Core] = $"[{_version}]",
            ["Microsoft.EntityFrameworkCore.Relational"] = central["Microsoft.EntityFrameworkCore.Relational"],
        });

        var consumer = WriteConsumer(feed, central["Microsoft.EntityFrameworkCore.Sqlite"]);
        (await DotnetCli.RunAsync(consumer, ["build", "-c", "Release"])).AssertSucceeded();

        var run = (await DotnetCli.RunAsync(consumer, ["bin/Release/net10.0/ConsumerApp.dll", consumer], TimeSpan.FromMinutes(1))).AssertSucceeded();
        Assert.Equal(
            ["GET /roundtrip: 200 hp1. Aigerim Seitkali", "access log: GET /roundtrip 200"],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// The repository has no remote of its own; a git configuration outside it (as a clone of a public repository
    /// has) names one, so the packages carry the URL SourceLink reads from git and the PDBs map sources to it.
    /// </summary>
    private Dictionary<string, string> GitRemoteConfiguration()
    {
        var git = Directory.CreateDirectory(Path.Combine(_root, "xdg", "git")).FullName;
        File.WriteAllText(Path.Combine(git, "config"), $"[remote \"origin\"]\n\turl = {TestRemote}.git\n");
        return new() { ["XDG_CONFIG_HOME"] = Path.GetDirectoryName(git)! };
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        // The consumer's restore extracted this run's unique version into the global packages folder.
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var extracted = Path.Combine(globalPackages, id.ToLowerInvariant(), _version);
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }

            var parent = Path.GetDirectoryName(extracted)!;
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
    }

    private void AssertPackage(string feed, string id, Dictionary<string, string> dependencies)
    {
        using (var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.nupkg")))
        {
            var nuspec = ReadXml(package, id + ".nuspec");
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            string? Value(string name) => metadata.Element(ns + name)?.Value;

            Assert.Equal(id, Value("id"));
            Assert.Equal(_version, Value("version"));
            Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")), "the nuspec has no description");
            Assert.Contains("privacy", Value("tags")!.Split(' '));
            var repository = metadata.Element(ns + "repository");
            Assert.Equal("git", repository?.Attribute("type")?.Value);
            Assert.Equal(TestRemote + ".git", repository?.Attribute("url")?.Value);
            Assert.Equal(_commit, repository?.Attribute("commit")?.Value);
            Assert.Equal(File.ReadAllText(Path.Combine(_repository, "eng", "release-notes.txt")).Trim(), Value("releaseNotes"));
            Assert.Equal("package-icon.png", Value("icon"));
            using (var icon = package.GetEntry("package-icon.png")!.Open())
            {
                var signature = new byte[8];
                icon.ReadExactly(signature);
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, signature);
            }

            var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToList();
            Assert.Equal("net10.0", Assert.Single(groups).Attribute("targetFramework")?.Value);
            var actual = groups[0].Elements(ns + "dependency")
                .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
            Assert.Equal(dependencies.OrderBy(d => d.Key, StringComparer.Ordinal), actual.OrderBy(d => d.Key, StringComparer.Ordinal));

            using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
            Assert.StartsWith($"# {id}\n", readme.ReadToEnd(), StringComparison.Ordinal);
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
            Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
            Assert.Null(package.GetEntry($"lib/net10.0/{id}.pdb"));
        }

        using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{_version}.snupkg"));
        var pdb = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdb);
        Assert.Equal($"{RawSources}/{_commit}/*", SourceLinkTarget(pdb));
    }

    private const string RawSources = "https://raw.githubusercontent.com/hrplus-test/hrplus-privacy";

    /// <summary>The URL pattern the PDB's SourceLink map gives for the repository's sources (what a debugger fetches).</summary>
    private static string SourceLinkTarget(ZipArchiveEntry pdb)
    {
        using var copy = new MemoryStream();
        using (var stream = pdb.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        var reader = provider.GetMetadataReader();
        var sourceLink = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var blob = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == sourceLink)
            .Select(c => reader.GetBlobBytes(c.Value))
            .SingleOrDefault();
        Assert.True(blob is not null, "the PDB has no SourceLink map");
        using var json = JsonDocument.Parse(blob);
        return Assert.Single(json.RootElement.GetProperty("documents").EnumerateObject()).Value.GetString()!;
    }

    private string WriteConsumer(string feed, string sqliteVersion)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "consumer")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", "Program.cs"), Path.Combine(folder, "Program.cs"));

        // Adds the feed to the machine's sources (no <clear/>): third-party packages still come from there.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("add", new XAttribute("key", "hrplus-packaging-test"), new XAttribute("value", feed))))).ToString());

        // Stop the search for the repository's (or a temp folder's) central settings here.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        File.WriteAllText(Path.Combine(folder, "ConsumerApp.csproj"), new XDocument(
            new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk.Web"),
                new XElement("PropertyGroup",
                    new XElement("TargetFramework", "net10.0"),
                    new XElement("Nullable", "enable"),
                    new XElement("ImplicitUsings", "enable")),
                new XElement("ItemGroup",
                    PackageIds.Select(id => PackageReference(id, $"[{_version}]")).Append(
                        PackageReference("Microsoft.EntityFrameworkCore.Sqlite", sqliteVersion))))).ToString());
        return folder;
    }

    private static XElement PackageReference(string id, string version) =>
        new("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version));

    private Dictionary<string, string> CentralPackageVersions() =>
        XDocument.Load(Path.Combine(_repository, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);

    private static XDocument ReadXml(ZipArchive package, string entryName)
    {
        var entry = package.GetEntry(entryName);
        Assert.True(entry is not null, $"{entryName} is missing; the package holds {string.Join(", ", package.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string GitHead(string repository)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", repository, "rev-parse", "HEAD" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = System.Diagnostics.Process.Start(start)!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0 && head.Length == 40, $"git rev-parse HEAD in {repository} gave '{head}'");
        return head;
    }

    private static string Metadata(string key) =>
        typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
