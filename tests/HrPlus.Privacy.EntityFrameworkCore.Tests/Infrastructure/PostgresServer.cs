using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on
/// a free loopback port, removed again at the end. Found on PATH or under <c>/usr/lib/postgresql/*/bin</c>.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so under root the cluster runs as the <c>postgres</c> user that the Debian
/// package creates. Without PostgreSQL the tests that need it are skipped locally with a message saying what to
/// install; under CI (<c>CI=true</c>) they fail instead, because <c>.ci/run</c> installs it.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    public const string InstallHint = "PostgreSQL is not installed: install it (Debian: apt-get install -y postgresql) to run the PostgreSQL tests.";

    private static readonly Lazy<string?> BinDirectory = new(FindBinDirectory);
    private readonly string _dataDirectory;
    private readonly string _socketDirectory;
    private readonly bool _asPostgresUser;

    public PostgresServer()
    {
        var bin = BinDirectory.Value ?? throw new InvalidOperationException(InstallHint);
        _asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("hrplus-pg-");
        _dataDirectory = Path.Combine(root.FullName, "data");
        _socketDirectory = root.FullName;
        if (_asPostgresUser)
        {
            Run("chown", $"postgres \"{root.FullName}\"");
        }

        Port = FreePort();
        Run(Path.Combine(bin, "initdb"), $"-D \"{_dataDirectory}\" -U postgres --auth=trust -E UTF8 --no-sync", asPostgres: true);
        Run(
            Path.Combine(bin, "pg_ctl"),
            $"-D \"{_dataDirectory}\" -l \"{Path.Combine(root.FullName, "server.log")}\" -w -t 60 " +
            $"-o \"-p {Port} -k {_socketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400\" start",
            asPostgres: true);
    }

    /// <summary>Gets whether PostgreSQL binaries were found.</summary>
    public static bool IsInstalled => BinDirectory.Value is not null;

    /// <summary>Gets the skip reason for tests that need PostgreSQL, or null when they can run.</summary>
    public static string? SkipReason =>
        IsInstalled ? null
        : string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? null
        : InstallHint;

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    public void Dispose()
    {
        try
        {
            Run(Path.Combine(BinDirectory.Value!, "pg_ctl"), $"-D \"{_dataDirectory}\" -m immediate -w stop", asPostgres: true);
        }
        finally
        {
            Directory.Delete(_socketDirectory, recursive: true);
        }
    }

    private static string? FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        const string Debian = "/usr/lib/postgresql";
        return Directory.Exists(Debian)
            ? Directory.GetDirectories(Debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Run(string file, string arguments, bool asPostgres = false)
    {
        var start = asPostgres && _asPostgresUser
            ? new ProcessStartInfo("runuser", $"-u postgres -- \"{file}\" {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }
}
