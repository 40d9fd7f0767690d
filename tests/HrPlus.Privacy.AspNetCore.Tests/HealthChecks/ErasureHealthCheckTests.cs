using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.AspNetCore.Tests.HealthChecks;

/// <summary>The erasures check: degraded while an erasure stays incomplete longer than <c>IncompleteErasureAge</c>.</summary>
public sealed class ErasureHealthCheckTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
    private readonly InMemoryErasureStore _erasures = new();
    private ServiceProvider? _provider;

    public void Dispose() => _provider?.Dispose();

    [Fact]
    public async Task IncompleteErasure_HealthyUntilTheConfiguredAge_ThenDegradedWithCounts_HealthyOnceCompleted()
    {
        var health = Build(TimeSpan.FromMinutes(10));
        var record = new ErasureRecord { Id = Guid.CreateVersion7(_time.GetUtcNow()), SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request", RequestedAt = _time.GetUtcNow() };
        await _erasures.SaveAsync(record, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var young = await CheckAsync(health);
        Assert.Equal(HealthStatus.Healthy, young.Status);
        Assert.Equal((1, 0), (young.Data["incomplete"], young.Data["stalled"]));

        _time.Advance(TimeSpan.FromSeconds(1));
        var stalled = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, stalled.Status);
        Assert.Equal((1, 1, record.RequestedAt), (stalled.Data["incomplete"], stalled.Data["stalled"], stalled.Data["oldestRequestedAt"]));
        Assert.DoesNotContain("pupil-1", stalled.Description, StringComparison.Ordinal);

        await _erasures.SaveAsync(record with { CompletedAt = _time.GetUtcNow() }, CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
    }

    [Fact]
    public async Task StoreThatCannotBeRead_IsUnhealthy()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryStores();
        services.AddSingleton<IErasureStore, BrokenStore>();
        services.AddHealthChecks().AddHrPlusPrivacy();
        _provider = services.BuildServiceProvider();

        var entry = await CheckAsync(_provider.GetRequiredService<HealthCheckService>());

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("The erasure store could not be read.", entry.Description);
    }

    private static async Task<HealthReportEntry> CheckAsync(HealthCheckService health) =>
        (await health.CheckHealthAsync(r => r.Name == PrivacyHealthChecksBuilderExtensions.ErasuresCheck)).Entries[PrivacyHealthChecksBuilderExtensions.ErasuresCheck];

    private HealthCheckService Build(TimeSpan age)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o => o.Subjects.IncompleteErasureAge = age).UseInMemoryStores();
        services.AddSingleton<IErasureStore>(_erasures);
        services.AddHealthChecks().AddHrPlusPrivacy();
        _provider = services.BuildServiceProvider();
        return _provider.GetRequiredService<HealthCheckService>();
    }

    private sealed class BrokenStore : IErasureStore
    {
        public ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken) => throw new IOException("down");

        public ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken) => throw new IOException("down");

        public ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken) => throw new IOException("down");
    }
}
