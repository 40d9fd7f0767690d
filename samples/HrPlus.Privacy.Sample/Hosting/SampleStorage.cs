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
/// <c>Checkpoints</c> in the data folder). They are signed tree heads under the SDK's Ed25519 checkpoint key, which every
/// instance shares through the key store; its public keys are published at <c>/privacy/evidence/keys</c>.</item>
/// </list>
/// </summary>
public sealed class SampleStorage
{
    private SampleStorage(string dataDirectory, string? postgres, string epochKeyDirectory, string checkpointDirectory)
    {
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgres;
        EpochKeyDirectory = epochKeyDirectory;
        CheckpointDirectory = checkpointDirectory;
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

    /// <summary>Gets the SQLite file's path (used when <see cref="IsPostgres"/> is false).</summary>
    public string SqlitePath => Path.Combine(DataDirectory, "school.db");

    /// <summary>Reads the settings and creates the folders.</summary>
    public static SampleStorage From(IConfiguration configuration, string contentRoot)
    {
        var data = Path.GetFullPath(Setting(configuration, "Sample:DataDirectory") ?? Path.Combine(contentRoot, "App_Data"));
        Directory.CreateDirectory(data);
        var epochs = Path.GetFullPath(Setting(configuration, "Sample:EpochKeyDirectory") ?? Path.Combine(data, "EpochKeys"));
        var checkpoints = Path.GetFullPath(Setting(configuration, "Sample:CheckpointDirectory") ?? Path.Combine(data, "Checkpoints"));
        return new SampleStorage(data, Setting(configuration, "Sample:Database"), epochs, checkpoints);
    }

    /// <summary>Points a context at the database: the SQLite file or PostgreSQL.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        IsPostgres ? options.UseNpgsql(PostgresConnectionString) : options.UseSqlite($"Data Source={SqlitePath}");

    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
