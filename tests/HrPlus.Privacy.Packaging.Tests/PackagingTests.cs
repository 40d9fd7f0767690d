using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
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

    private readonly string _root = Path.Combine(Path.GetTempPath(), "hrplus-packaging-" + Guid.NewGuid().ToString("N"));
    private readonly string _repository = Metadata("RepositoryRoot");
    private readonly string _version = $"{Metadata("VersionPrefix")}-test{DateTime.UtcNow:yyyyMMddHHmmssfff}";

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
            ])).AssertSucceeded();
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
        AssertPackage(feed, AspNetCore, new Dictionary<string, string> { [Core] = _version });
        AssertPackage(feed, EntityFrameworkCore, new Dictionary<string, string>
        {
            [Core] = _version,
            ["Microsoft.EntityFrameworkCore.Relational"] = central["Microsoft.EntityFrameworkCore.Relational"],

            // The ADO.NET driver (not the EF provider): LISTEN/NOTIFY between instances on PostgreSQL.
            ["Npgsql"] = central["Npgsql"],
        });

        var consumer = WriteConsumer(feed, central["Microsoft.EntityFrameworkCore.Sqlite"]);
        (await DotnetCli.RunAsync(consumer, ["build", "-c", "Release"])).AssertSucceeded();

        var run = (await DotnetCli.RunAsync(consumer, ["bin/Release/net10.0/ConsumerApp.dll", consumer], TimeSpan.FromMinutes(1))).AssertSucceeded();
        Assert.Equal(
            ["GET /roundtrip: 200 hp1. Aigerim Seitkali", "access log: GET /roundtrip 200"],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
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
            Assert.Matches(new Regex("^[0-9a-f]{40}$"), repository?.Attribute("commit")?.Value ?? "");

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
        Assert.NotNull(symbols.GetEntry($"lib/net10.0/{id}.pdb"));
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

    private static string Metadata(string key) =>
        typeof(PackagingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
