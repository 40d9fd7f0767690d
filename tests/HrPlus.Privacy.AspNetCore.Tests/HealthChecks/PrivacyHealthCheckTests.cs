using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.AspNetCore.Tests.HealthChecks;

/// <summary><c>services.AddHealthChecks().AddHrPlusPrivacy()</c>: each check healthy, degraded and unhealthy.</summary>
public sealed class PrivacyHealthCheckTests : IDisposable
{
    private static readonly string[] AllChecks =
    [
        PrivacyHealthChecksBuilderExtensions.KeyRingCheck,
        PrivacyHealthChecksBuilderExtensions.StoresCheck,
        PrivacyHealthChecksBuilderExtensions.AccessLogCheck,
        PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck,
        PrivacyHealthChecksBuilderExtensions.BreachesCheck,
        PrivacyHealthChecksBuilderExtensions.ErasuresCheck,
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero));
    private readonly FaultyStore _keys = new();
    private readonly CountingMonitor _monitor = new();
    private ServiceProvider? _provider;

    public void Dispose() => _provider?.Dispose();

    [Fact]
    public async Task EveryCheck_IsRegisteredWithItsTags_AndHealthyOnAFreshApp()
    {
        var report = await Build(tags: ["ready"]).CheckHealthAsync();

        Assert.Equal(AllChecks.Order(StringComparer.Ordinal), report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, e => Assert.Equal(HealthStatus.Healthy, e.Status));
        Assert.All(report.Entries.Values, e => Assert.Equal(["ready"], e.Tags));
    }

    [Fact]
    public async Task KeyRing_RecordThisRingCannotUnwrap_IsDegraded()
    {
        var health = Build();
        await _keys.TryAddAsync(new FieldKeyRecord
        {
            Id = 0x0badf00d,
            Purpose = FieldKeyPurpose.Encryption,
            State = FieldKeyState.Retired,
            CreatedAt = _time.GetUtcNow(),
            ActivatesAt = _time.GetUtcNow(),
            ExpiresAt = _time.GetUtcNow().AddDays(30),
            WrappedKey = new byte[80],
            WrappingVersion = 1,
        }, CancellationToken.None);

        var entry = await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.KeyRingCheck);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1, entry.Data["keys_not_unwrappable"]);
    }

    [Fact]
    public async Task KeyRing_CurrentKeyNearExpiryWithoutSuccessor_IsDegraded_AndExpired_IsUnhealthy()
    {
        var health = Build();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.KeyRingCheck)).Status);

        // The store stops accepting new keys: the ring cannot roll over (its refreshes fail and it keeps the old key).
        _keys.RefuseAdds = true;
        _time.Advance(TimeSpan.FromDays(29));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.KeyRingCheck)).Status);

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.KeyRingCheck)).Status);
    }

    [Fact]
    public async Task KeyStoreDown_KeyRingAndStoresAreUnhealthy()
    {
        var health = Build();
        _keys.FailReads = true;

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.KeyRingCheck)).Status);
        var stores = await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.StoresCheck);
        Assert.Equal(HealthStatus.Unhealthy, stores.Status);
        Assert.Equal("unreachable", stores.Data["keys"]);
        Assert.Equal("reachable", stores.Data["policies"]);
        Assert.Equal("Unreachable privacy stores: keys.", stores.Description);
    }

    [Fact]
    public async Task AccessLog_DroppedSinceThePreviousProbe_IsDegraded_ThenHealthyAgain()
    {
        var health = Build();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.AccessLogCheck)).Status);

        _monitor.Dropped = 3;
        var degraded = await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.AccessLogCheck);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(3L, degraded.Data["dropped"]);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.AccessLogCheck)).Status);
    }

    [Fact]
    public async Task ChainCheckpoints_HealthyBeforeTheFirst_HealthyWhileUnchanged_DegradedWhenAGrownLogIsLate_UnhealthyWhenBroken()
    {
        var health = Build(checkpoints: true);
        var status = _provider!.GetRequiredService<ChainCheckpointStatus>();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck)).Status);

        _time.Advance(TimeSpan.FromHours(2.5));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck)).Status);

        await _provider!.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "staff-1", SubjectId = "pupil-1", Purpose = "monitoring" });
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck)).Status);

        status.Verified("audit trail", intact: false);
        var broken = await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck);
        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Equal("audit trail", broken.Data["broken_log"]);
    }

    [Fact]
    public async Task Breaches_OverdueIncident_IsDegraded()
    {
        var health = Build();
        await _provider!.GetRequiredService<IBreachRegister>().RegisterAsync(new BreachReport
        {
            DiscoveredAt = _time.GetUtcNow(),
            Description = "a lost laptop",
            ReportedBy = "operator-1",
        });
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.BreachesCheck)).Status);

        _time.Advance(TimeSpan.FromDays(5));
        var overdue = await CheckAsync(health, PrivacyHealthChecksBuilderExtensions.BreachesCheck);

        Assert.Equal(HealthStatus.Degraded, overdue.Status);
        Assert.Equal(1, overdue.Data["overdue"]);
    }

    private static async Task<HealthReportEntry> CheckAsync(HealthCheckService health, string name) =>
        (await health.CheckHealthAsync(r => r.Name == name)).Entries[name];

    private HealthCheckService Build(string[]? tags = null, bool checkpoints = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o =>
        {
            if (checkpoints)
            {
#pragma warning disable CS0618 // the health check still reports the obsolete HMAC checkpoints a host configured
                o.Audit.CheckpointKey = new byte[32];
#pragma warning restore CS0618
            }
        }).UseInMemoryStores();
        services.AddSingleton<IFieldKeyStore>(_keys);
        services.AddSingleton<IAccessLogMonitor>(_monitor);
        services.AddHealthChecks().AddHrPlusPrivacy(tags);
        _provider = services.BuildServiceProvider();
        return _provider.GetRequiredService<HealthCheckService>();
    }

    private sealed class CountingMonitor : IAccessLogMonitor
    {
        public long Enqueued { get; set; }

        public long Persisted { get; set; }

        public long Dropped { get; set; }
    }

    /// <summary>An in-memory key store that can be made to fail reads or refuse new keys.</summary>
    private sealed class FaultyStore : IFieldKeyStore
    {
        private readonly InMemoryFieldKeyStore _inner = new();

        public bool FailReads { get; set; }

        public bool RefuseAdds { get; set; }

        public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken) =>
            FailReads ? throw new IOException("the key store is down") : _inner.GetAllAsync(cancellationToken);

        public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) =>
            RefuseAdds ? ValueTask.FromResult(false) : _inner.TryAddAsync(key, cancellationToken);

        public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => _inner.UpdateAsync(key, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken) =>
            _inner.TryUpdateAsync(key, expected, cancellationToken);
    }
}
