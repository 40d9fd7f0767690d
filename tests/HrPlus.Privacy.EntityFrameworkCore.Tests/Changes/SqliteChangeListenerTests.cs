using HrPlus.Privacy.EntityFrameworkCore.Changes;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Changes;

/// <summary>On SQLite there is nothing to listen to: the listener ends at once and instances poll.</summary>
public sealed class SqliteChangeListenerTests : IDisposable
{
    private readonly SqliteProvider _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Listener_OnSqlite_EndsAtOnceWithoutListening()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        _database.AddContext(services);
        services.AddHrPlusPrivacy().UseEntityFrameworkCoreStores<TestDbContext>();
        _database.EnsureCreated();
        await using var app = services.BuildServiceProvider();
        var listener = Assert.Single(app.GetServices<IHostedService>().OfType<PostgresChangeListener<TestDbContext>>());

        await listener.StartAsync(CancellationToken.None);
        await listener.FirstListen.WaitAsync(TimeSpan.FromSeconds(30));
        await listener.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(listener.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, listener.Listens);
        Assert.Equal(0, listener.BackendProcessId);
    }
}
