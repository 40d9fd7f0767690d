using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Hosting;

/// <summary>
/// Where the sample keeps its data and its keys, from configuration (command line, environment or appsettings):
/// <list type="bullet">
/// <item><c>Sample:DataDirectory</c>: this instance's folder (default <c>App_Data</c> under the content root).</item>
/// <item><c>Sample:Database</c>: empty (the default) for the SQLite file <c>school.db</c> in the data folder, or a
/// PostgreSQL connection string: several instances then share that database, and DataProtection's keys live in it.</item>
/// <item><c>Sample:EpochKeyDirectory</c>: the epoch keys that make crypto-shredding survive database backups (default
/// <c>EpochKeys</c> in the data folder). Instances sharing one database must share this folder too.</item>
/// <item><c>Sample:CheckpointDirectory</c>: where this instance writes signed checkpoints of the hash chains (default
/// <c>Checkpoints</c> in the data folder).</item>
/// <item><c>Sample:CheckpointKey</c>: the checkpoint signing key, base64 of at least 32 bytes; give every instance the
/// same one. Default: a key made on first start in <c>checkpoint.key</c> in the data folder.</item>
/// </list>
/// </summary>
public sealed class SampleStorage
{
    private SampleStorage(string dataDirectory, string? postgres, string epochKeyDirectory, string checkpointDirectory, byte[] checkpointKey)
    {
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgres;
        EpochKeyDirectory = epochKeyDirectory;
        CheckpointDirectory = checkpointDirectory;
        CheckpointKey = checkpointKey;
    }

    /// <summary>Gets this instance's data folder (full path).</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the PostgreSQL connection string, or null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    /// <summary>Gets whether the database is PostgreSQL (shared by several instances) rather than the SQLite file.</summary>
    public bool IsPostgres => PostgresConnectionString is not null;

    /// <summary>Gets the folder of the epoch keys (full path).</summary>
    public string EpochKeyDirectory { get; }

    /// <summary>Gets the folder of this instance's checkpoints (full path).</summary>
    public string CheckpointDirectory { get; }

    /// <summary>Gets the key that signs checkpoints.</summary>
    public byte[] CheckpointKey { get; }

    /// <summary>Gets the SQLite file's path (used when <see cref="IsPostgres"/> is false).</summary>
    public string SqlitePath => Path.Combine(DataDirectory, "school.db");

    /// <summary>Reads the settings and creates the folders.</summary>
    /// <exception cref="InvalidOperationException"><c>Sample:CheckpointKey</c> is not base64 of at least 32 bytes.</exception>
    public static SampleStorage From(IConfiguration configuration, string contentRoot)
    {
        var data = Path.GetFullPath(Setting(configuration, "Sample:DataDirectory") ?? Path.Combine(contentRoot, "App_Data"));
        Directory.CreateDirectory(data);
        var epochs = Path.GetFullPath(Setting(configuration, "Sample:EpochKeyDirectory") ?? Path.Combine(data, "EpochKeys"));
        var checkpoints = Path.GetFullPath(Setting(configuration, "Sample:CheckpointDirectory") ?? Path.Combine(data, "Checkpoints"));
        var key = Setting(configuration, "Sample:CheckpointKey") is { } configured ? Decode(configured) : KeyFile(Path.Combine(data, "checkpoint.key"));
        return new SampleStorage(data, Setting(configuration, "Sample:Database"), epochs, checkpoints, key);
    }

    /// <summary>Points a context at the database: the SQLite file or PostgreSQL.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        IsPostgres ? options.UseNpgsql(PostgresConnectionString) : options.UseSqlite($"Data Source={SqlitePath}");

    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static byte[] Decode(string base64)
    {
        var key = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, key, out var length) || length < 32)
        {
            throw new InvalidOperationException("Sample:CheckpointKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        var result = key[..length];
        CryptographicOperations.ZeroMemory(key);
        return result;
    }

    // The sample's stand-in for a secret store: a random key in the data folder, readable by its owner only.
    private static byte[] KeyFile(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written aside and linked into place, so a second instance over the same folder never reads half a key.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = new FileStream(temporary, options))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance over the same folder made it first: use theirs.
            File.Delete(temporary);
            return File.ReadAllBytes(path);
        }
    }
}
