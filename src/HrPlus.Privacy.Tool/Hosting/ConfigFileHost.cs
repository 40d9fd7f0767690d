using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// Builds the SDK's services from a JSON config file, for hosts that cannot be started where the operator works: the
/// database (SQLite or PostgreSQL), the DataProtection key folder and application name, and the SDK's options.
/// </summary>
/// <remarks>
/// Relative paths are relative to the config file. The app's own entities and <c>IPersonalDataSource</c>s are not
/// known in this mode: <c>keys migrate</c> and <c>subject erase</c> cover the SDK's tables only.
/// </remarks>
internal static class ConfigFileHost
{
    public static LoadedHost Load(string configPath, string? environment)
    {
        var path = Path.GetFullPath(configPath);
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"The config file '{path}' does not exist.");
        }

        IConfigurationRoot configuration;
        try
        {
            var builder = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false);
            if (environment is { Length: > 0 })
            {
                builder.AddJsonFile(Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}.{environment}.json"), optional: true, reloadOnChange: false);
            }

            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"The config file '{path}' is not valid JSON: {ex.Message}", ex);
        }

        var folder = Path.GetDirectoryName(path)!;
        var provider = Required(configuration, "Database:Provider", path).ToLowerInvariant();
        var connectionString = Required(configuration, "Database:ConnectionString", path);
        var keyDirectory = Path.GetFullPath(Path.Combine(folder, Required(configuration, "DataProtection:KeyDirectory", path)));
        var applicationName = Required(configuration, "DataProtection:ApplicationName", path);
        if (!Directory.Exists(keyDirectory))
        {
            // A new, empty ring could unwrap nothing stored, and would make keys the app cannot read.
            throw new ToolException(ExitCodes.HostUnavailable, $"The DataProtection key folder '{keyDirectory}' does not exist: give the folder the app's key ring is in.");
        }

        if (provider is "sqlite")
        {
            connectionString = SqliteRelativeTo(connectionString, folder);
        }
        else if (provider is not ("postgresql" or "npgsql"))
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"Database:Provider in '{path}' must be Sqlite or PostgreSql, not '{provider}'.");
        }

        var log = new CapturedLog();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(keyDirectory))
            .SetApplicationName(applicationName);
        services.AddDbContext<ToolDbContext>((sp, options) =>
        {
            _ = provider == "sqlite" ? options.UseSqlite(connectionString) : options.UseNpgsql(connectionString);
            options.UseHrPlusPrivacy(sp);
        });
        var privacy = services.AddHrPlusPrivacy(options => configuration.GetSection("HrPlusPrivacy").Bind(options))
            .UseEntityFrameworkCoreStores<ToolDbContext>();
        if (configuration["FieldKeys:Directory"] is { Length: > 0 } fieldKeys)
        {
            privacy.PersistFieldKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(Path.Combine(folder, fieldKeys))));
        }

        services.AddHealthChecks().AddHrPlusPrivacy();
        var root = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        return new LoadedHost(root, $"config file {Path.GetFileName(path)} ({provider})", log, root) { DbContextTypes = [typeof(ToolDbContext)] };
    }

    private static string Required(IConfiguration configuration, string key, string path) =>
        configuration[key] is { Length: > 0 } value
            ? value
            : throw new ToolException(ExitCodes.HostUnavailable, $"The config file '{path}' has no {key}.");

    private static string SqliteRelativeTo(string connectionString, string folder)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(folder, source));
        }

        return builder.ToString();
    }
}
