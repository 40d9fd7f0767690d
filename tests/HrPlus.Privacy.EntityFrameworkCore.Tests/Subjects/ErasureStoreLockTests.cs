using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

/// <summary>
/// The erasure lock of the EF store: one holder at a time across instances (two service providers, as two processes
/// would have), released when disposed; a PostgreSQL advisory lock, or an OS lock on a file beside a SQLite file.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ErasureStoreLockTests(PostgresFixture postgres) : IDisposable
{
    private readonly SqliteProvider _sqlite = new();
    private readonly List<ServiceProvider> _instances = [];

    public void Dispose()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _sqlite.Dispose();
    }

    [Fact]
    public async Task SqliteFile_OneHolderAcrossInstances_TheLockFileSitsBesideTheDatabase()
    {
        _sqlite.EnsureCreated();
        await OneHolderAtATimeAsync(Store(_sqlite), Store(_sqlite));
        Assert.True(File.Exists(_sqlite.Path + ".hrplus-erasures.lock"));
    }

    [SkippableFact]
    public async Task PostgreSql_OneHolderAcrossInstances_AnAdvisoryLockOnAConnectionOfItsOwn()
    {
        var database = postgres.NewProvider();
        database.SkipIfUnavailable();
        database.EnsureCreated();
        var first = Store(database);
        await OneHolderAtATimeAsync(first, Store(database));

        // While held, the server shows the lock on the erasure key.
        await using var held = await first.TryLockAsync(TimeSpan.Zero, CancellationToken.None);
        await using var admin = new NpgsqlConnection(((NpgsqlProvider)database).ConnectionString);
        await admin.OpenAsync();
        await using var locks = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = 0 AND objid::bigint = @key AND granted", admin);
        locks.Parameters.AddWithValue("key", (long)0x4850_0022);
        Assert.Equal(1L, await locks.ExecuteScalarAsync());
    }

    private static async Task OneHolderAtATimeAsync(IErasureStore first, IErasureStore second)
    {
        var held = await first.TryLockAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryLockAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await first.TryLockAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));

        // A waiter gets it as soon as the holder lets go.
        var waiting = second.TryLockAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(next);
        Assert.Null(await first.TryLockAsync(TimeSpan.Zero, CancellationToken.None));
        await next.DisposeAsync();

        var again = await first.TryLockAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(again);
        await again.DisposeAsync();
    }

    private IErasureStore Store(DatabaseProvider database)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        var instance = services.BuildServiceProvider();
        _instances.Add(instance);
        return instance.GetRequiredService<IErasureStore>();
    }
}
