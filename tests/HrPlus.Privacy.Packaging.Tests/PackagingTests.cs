using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

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
        var source = CloneWithoutRemotes();
        foreach (var id in PackageIds)
        {
            (await DotnetCli.RunAsync(source,
            [
                "pack", Path.Combine(source, "src", id, id + ".csproj"),
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

            // The ADO.NET driver (not the EF provider): LISTEN/NOTIFY between instances on PostgreSQL.
            ["Npgsql"] = central["Npgsql"],
        });

        // The README's provider versions are the ones this repository builds and tests with.
        var quickStart = ReadmeQuickStart.Read(Path.Combine(_repository, "README.md"));
        Assert.Equal(central["Microsoft.EntityFrameworkCore.Sqlite"], quickStart.Packages.Single(p => p.Id == "Microsoft.EntityFrameworkCore.Sqlite").Version);
        Assert.Equal(central["Microsoft.AspNetCore.OpenApi"], quickStart.Packages.Single(p => p.Id == "Microsoft.AspNetCore.OpenApi").Version);

        await ReadmeSnippetsCompileAsync(feed);
        await NewAppFromTheQuickStartAsync(feed);
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

    /// <summary>
    /// Follows README.md's quick start in a fresh <c>dotnet new web</c> app outside the repository: the packages it
    /// names (the HrPlus ones from the test feed), its <c>Program.cs</c>; then runs the app and checks it over HTTP and
    /// in its SQLite file.
    /// </summary>
    private async Task NewAppFromTheQuickStartAsync(string feed)
    {
        var quickStart = ReadmeQuickStart.Read(Path.Combine(_repository, "README.md"));
        Assert.Equal(["HrPlus.Privacy.AspNetCore", "HrPlus.Privacy.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.AspNetCore.OpenApi"],
            quickStart.Packages.Select(p => p.Id));

        var folder = Directory.CreateDirectory(Path.Combine(_root, "School")).FullName;
        WriteIsolation(folder, feed);
        (await DotnetCli.RunAsync(folder, ["new", "web", "-n", "School", "-o", folder, "--no-restore"])).AssertSucceeded();
        foreach (var (id, version) in quickStart.Packages)
        {
            // The README gives no version for our packages (the newest); the test feed holds this run's.
            var pinned = id.StartsWith("HrPlus.", StringComparison.Ordinal) ? _version : version;
            Assert.False(pinned is null, $"the README adds {id} without a version");
            (await DotnetCli.RunAsync(folder, ["add", "package", id, "--version", pinned!, "--no-restore"])).AssertSucceeded();
        }

        File.WriteAllText(Path.Combine(folder, "Program.cs"), quickStart.Program);
        (await DotnetCli.RunAsync(folder, ["build", "-c", "Release"])).AssertSucceeded();

        var data = Path.Combine(_root, "school-data");
        await using var app = await AppProcess.StartAsync(folder, "bin/Release/net10.0/School.dll", ["--DataFolder", data], "Development");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = app.Address };

        using (var document = await http.GetAsync("openapi/v1.json"))
        {
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            var paths = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
            Assert.Equal("HrPlusPrivacy.GrantConsent", paths.GetProperty("/privacy/consents/{purpose}").GetProperty("post").GetProperty("operationId").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("dev/sign-in?user=parent-1&birthDate=1985-04-02", null)).StatusCode);
        using (var grant = await http.PostAsync("privacy/consents/news-offers", Json("""{"policyVersion":1,"language":"ru"}""")))
        {
            Assert.True(grant.StatusCode == HttpStatusCode.Created, $"{grant.StatusCode}: {await grant.Content.ReadAsStringAsync()}{Environment.NewLine}{app.Output}");
        }

        var decisions = JsonDocument.Parse(await http.GetStringAsync("privacy/consents")).RootElement;
        Assert.Equal("Granted", decisions.EnumerateArray().Single(d => d.GetProperty("purpose").GetString() == "news-offers").GetProperty("decision").GetString());

        var iin = SyntheticIin();
        using var created = await http.PostAsync("pupils", Json($$"""{"fullName":"Aigerim Seitkali","iin":"{{iin}}"}"""));
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync()}{Environment.NewLine}{app.Output}");
        var pupil = JsonDocument.Parse(await http.GetStringAsync(created.Headers.Location!.OriginalString.TrimStart('/'))).RootElement;
        Assert.Equal("Aigerim Seitkali", pupil.GetProperty("fullName").GetString());
        Assert.Equal(iin, pupil.GetProperty("iin").GetString());

        using var database = new SqliteConnection($"Data Source={Path.Combine(data, "school.db")};Mode=ReadOnly;Pooling=False");
        database.Open();
        var stored = Query(database, "SELECT FullName, Iin FROM Pupils");
        Assert.Equal(2, Assert.Single(stored).Length);
        Assert.All(stored[0], value => Assert.StartsWith("hp1.", value, StringComparison.Ordinal));
        Assert.All(stored[0], value => Assert.DoesNotContain("Seitkali", value, StringComparison.Ordinal));
        Assert.All(stored[0], value => Assert.DoesNotContain(iin, value, StringComparison.Ordinal));

        // The capture middleware writes in the background: the request to /pupils shows up in the access log.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Query(database, "SELECT Path FROM hrplus_access_records WHERE Path = '/pupils'").Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "POST /pupils never reached the access log");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Compiles every other <c>```csharp</c> block of README.md and of the pages in docs/ against the packages (see
    /// <see cref="ReadmeSnippetFiles"/>).
    /// </summary>
    private async Task ReadmeSnippetsCompileAsync(string feed)
    {
        var snippets = ReadmeSnippetFiles.GenerateAll(_repository);
        Assert.True(snippets.Count >= 10, $"only {snippets.Count} README and docs/ blocks found");
        var folder = Directory.CreateDirectory(Path.Combine(_root, "ReadmeSnippets")).FullName;
        WriteIsolation(folder, feed);
        foreach (var harness in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "ReadmeSnippets"), "*.cs"))
        {
            File.Copy(harness, Path.Combine(folder, Path.GetFileName(harness)));
        }

        foreach (var (name, source) in snippets)
        {
            File.WriteAllText(Path.Combine(folder, name), source);
        }

        var packages = ReadmeQuickStart.Read(Path.Combine(_repository, "README.md")).Packages;
        string Version(string id) => packages.Single(p => p.Id == id).Version!;
        File.WriteAllText(Path.Combine(folder, "ReadmeSnippets.csproj"), new XDocument(
            new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk.Web"),
                new XElement("PropertyGroup",
                    new XElement("TargetFramework", "net10.0"),
                    new XElement("OutputType", "Library"),
                    new XElement("Nullable", "enable"),
                    new XElement("ImplicitUsings", "enable")),
                new XElement("ItemGroup",
                    PackageReference(AspNetCore, $"[{_version}]"),
                    PackageReference(EntityFrameworkCore, $"[{_version}]"),
                    PackageReference("Microsoft.EntityFrameworkCore.Sqlite", Version("Microsoft.EntityFrameworkCore.Sqlite")),
                    PackageReference("Microsoft.AspNetCore.OpenApi", Version("Microsoft.AspNetCore.OpenApi"))))).ToString());
        var build = await DotnetCli.RunAsync(folder, ["build", "-c", "Release"]);
        Assert.True(build.ExitCode == 0, "README.md or docs/ have code blocks that do not compile (ReadmeLineN.cs is README's block at line N, DocsPageLineN.cs docs/page.md's):"
            + Environment.NewLine + string.Join(Environment.NewLine, build.Output.Split('\n').Where(l => l.Contains(" error ", StringComparison.Ordinal)).Distinct()));
    }

    private static XElement PackageReference(string id, string version) =>
        new("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version));

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static List<string[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }

    /// <summary>A synthetic IIN with a valid check digit (born 2012-03-15, a boy of the 21st century).</summary>
    private static string SyntheticIin()
    {
        for (var serial = 1; ; serial++)
        {
            var digits = $"1203155{serial:D4}".Select(c => c - '0').ToArray();
            var check = Enumerable.Range(0, 11).Sum(i => digits[i] * (i + 1)) % 11;
            if (check == 10)
            {
                check = Enumerable.Range(0, 11).Sum(i => digits[i] * (((i + 2) % 11) + 1)) % 11;
            }

            if (check < 10)
            {
                return $"1203155{serial:D4}{check}";
            }
        }
    }

    /// <summary>Adds the feed to the machine's sources (no &lt;clear/&gt;) and stops the search for central MSBuild settings here.</summary>
    private static void WriteIsolation(string folder, string feed)
    {
        File.WriteAllText(Path.Combine(folder, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("add", new XAttribute("key", "hrplus-packaging-test"), new XAttribute("value", feed))))).ToString());
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
    }

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

    /// <summary>
    /// A clone of the committed repository with its remotes removed, so the remote of the git configuration below is the
    /// one SourceLink reads, also when the repository under test is itself a clone (CI checks out a fresh clone whose
    /// origin is a local path, which SourceLink would take instead and cannot turn into a repository URL).
    /// </summary>
    private string CloneWithoutRemotes()
    {
        var target = Path.Combine(_root, "source");
        Git("clone", "--quiet", _repository, target);
        foreach (var remote in GitOutput(target, "remote").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Git("-C", target, "remote", "remove", remote);
        }

        Assert.Equal(_commit, GitHead(target));
        return target;
    }

    private static void Git(params string[] arguments) => _ = GitOutput(null, arguments);

    private static string GitOutput(string? repository, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (repository is not null)
        {
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(repository);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = System.Diagnostics.Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error}");
        return output;
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
