namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>One PostgreSQL cluster shared by every test class in the <see cref="PostgresCollection"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Starts the cluster lazily, so a run without PostgreSQL skips instead of failing in the fixture.</summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly Lazy<PostgresServer> _server = new(() => new PostgresServer());
    private int _databases;

    public PostgresServer Server => _server.Value;

    /// <summary>Creates a new empty database name for one test.</summary>
    public string NewConnectionString() => Server.ConnectionString($"hrplus_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40]);

    /// <summary>A provider over a new empty database, or, where PostgreSQL is not installed, one that skips the test saying why.</summary>
    public DatabaseProvider NewProvider() => PostgresServer.SkipReason is { } reason ? new UnavailableProvider(reason) : new NpgsqlProvider(NewConnectionString());

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}
