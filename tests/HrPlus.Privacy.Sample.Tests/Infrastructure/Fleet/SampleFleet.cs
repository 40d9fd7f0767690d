using System.Globalization;
using System.Security.Cryptography;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Identifiers;
using Npgsql;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// Several sample instances (OS processes) on one empty PostgreSQL database: DataProtection's keys in that database, the
/// epoch keys in one shared folder (their configured home), the checkpoint key shared through the key store, and a data folder and HOME of
/// their own each. The instances are launched at the same moment.
/// </summary>
public sealed class SampleFleet : IAsyncDisposable
{
    private readonly DirectoryInfo _root;

    private SampleFleet(DirectoryInfo root, string connectionString, IReadOnlyList<FleetInstance> instances)
    {
        _root = root;
        ConnectionString = connectionString;
        Instances = instances;
        Database = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public IReadOnlyList<FleetInstance> Instances { get; }

    /// <summary>Gets a data source over the fleet's database, for the checks made beside the instances.</summary>
    public NpgsqlDataSource Database { get; }

    /// <summary>Creates an empty database on <paramref name="postgres"/> and starts <paramref name="count"/> instances together.</summary>
    public static async Task<SampleFleet> StartAsync(PostgresServer postgres, int count, TimeSpan readyTimeout)
    {
        var name = "fleet_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var root = Directory.CreateTempSubdirectory("hrplus-fleet-");
        var connectionString = postgres.ConnectionString(name);
        string[] settings =
        [
            "--Sample:Database", connectionString,
            "--Sample:EpochKeyDirectory", Path.Combine(root.FullName, "shared", "epoch-keys"),
            "--Sample:SeedPupils", "0",
        ];
        var instances = Enumerable.Range(0, count)
            .Select(i => new FleetInstance(((char)('A' + i)).ToString(), Directory.CreateDirectory(Path.Combine(root.FullName, "instance-" + (char)('a' + i))), settings))
            .ToList();
        var fleet = new SampleFleet(root, connectionString, instances);
        try
        {
            foreach (var instance in instances)
            {
                instance.Launch();
            }

            await Task.WhenAll(instances.Select(i => i.WaitReadyAsync(readyTimeout)));
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>Runs a query and returns its rows as strings (null for NULL).</summary>
    public async Task<List<string?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs a statement.</summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>A distinct valid adult IIN per index (birth dates a day apart, check digit from the algorithm).</summary>
    public static Iin AdultIin(int index)
    {
        // Today in Kazakhstan (UTC+5), as the sample counts ages.
        var birth = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(5)).AddYears(-20).AddDays(-index);
        for (var serial = 1000; serial < 10_000; serial++)
        {
            if (Iin.Create(birth, index % 2 == 0 ? Sex.Female : Sex.Male, serial, out var iin))
            {
                return iin;
            }
        }

        throw new InvalidOperationException("No serial gave a check digit.");
    }

    /// <summary>The registration form of fleet pupil <paramref name="index"/> (an adult: no representative needed).</summary>
    public static Dictionary<string, string> EnrolmentForm(int index, string fullName) => new()
    {
        ["fullName"] = fullName,
        ["iin"] = AdultIin(index).ToString(),
        ["parentPhone"] = "+7 701 " + (10_000_000 + index).ToString(CultureInfo.InvariantCulture)[1..],
        ["parentEmail"] = $"parent{index}@example.org",
        ["representativeName"] = string.Empty,
        ["relationship"] = string.Empty,
        ["acceptPolicy"] = "on",
        ["lang"] = "en",
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; it holds only synthetic data.
        }
    }
}
