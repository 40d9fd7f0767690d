using HrPlus.Privacy.AspNetCore.HealthChecks;
using HrPlus.Privacy.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.AspNetCore.Tests.HealthChecks;

/// <summary>
/// The chain-checkpoints check (issue 23, point 6): degraded when a log grew since its latest checkpoint and that
/// checkpoint is older than two intervals; an old checkpoint of an unchanged log is no sign of trouble; unhealthy on a refusal.
/// </summary>
public sealed class ChainCheckpointHealthCheckTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
    private readonly FailingSink _sink = new();
    private readonly ServiceProvider _provider;

    public ChainCheckpointHealthCheckTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o => o.Audit.CheckpointInterval = Interval).UseInMemoryStores();
        services.Replace(ServiceDescriptor.Singleton<ISignedTreeHeadSink>(_sink));
        services.AddHealthChecks().AddHrPlusPrivacy();
        _provider = services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    [Fact]
    public async Task AnUnchangedLog_WhoseCheckpointIsOld_IsHealthy_EvenWhenNoRoundRanSince()
    {
        await RoundAsync();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        // The job made no round for three intervals (the old rule: "no verification for two intervals" said degraded).
        _time.Advance(3 * Interval);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task ALogThatGrew_IsHealthyWithinTwoIntervals_ThenDegraded_AndHealthyOnceCheckpointed()
    {
        await RoundAsync();
        await _provider.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Export, Actor = "staff-1", SubjectId = "pupil-1", Purpose = "subject-access" });
        _time.Advance(1.5 * Interval);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _time.Advance(Interval);
        var late = await CheckAsync();
        Assert.Equal(HealthStatus.Degraded, late.Status);
        Assert.Equal("audit-trail", late.Data["late_log"]);
        Assert.Equal(1L, late.Data["log_size"]);
        Assert.Equal(0L, late.Data["checkpoint_size"]);
        Assert.Equal("The audit-trail grew to 1 entries since its latest checkpoint (size 0), which is 25 minutes old (interval 10): a checkpoint is late.", late.Description);

        await RoundAsync();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task ALogThatGrew_WhileTheSinkRefusesWrites_TurnsDegraded_AfterTwoIntervals()
    {
        await RoundAsync();
        _sink.FailWrites = true;
        await _provider.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "staff-1", SubjectId = "pupil-2", Purpose = "monitoring" });
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Interval);
            await RoundAsync();
        }

        Assert.Equal(HealthStatus.Degraded, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task ARefusedCheckpoint_IsUnhealthy()
    {
        await _provider.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "staff-1", SubjectId = "pupil-2", Purpose = "monitoring" });
        await RoundAsync();
        _sink.Heads.Add(SignedTreeHead.Parse(_sink.Heads[^1].ToString().Replace(" audit-trail 1 ", " audit-trail 5 ", StringComparison.Ordinal)));

        await RoundAsync();

        var refused = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Equal("audit-trail", refused.Data["broken_log"]);
    }

    private async Task RoundAsync() =>
        await _provider.GetServices<IHostedService>().OfType<ChainCheckpointJob>().Single().RunOnceAsync(CancellationToken.None);

    private async Task<HealthReportEntry> CheckAsync() =>
        (await _provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck))
        .Entries[PrivacyHealthChecksBuilderExtensions.ChainCheckpointsCheck];

    private sealed class FailingSink : ISignedTreeHeadSink
    {
        public List<SignedTreeHead> Heads { get; } = [];

        public bool FailWrites { get; set; }

        public ValueTask WriteAsync(SignedTreeHead head, CancellationToken cancellationToken)
        {
            if (FailWrites)
            {
                throw new IOException("the checkpoint disk is full");
            }

            lock (Heads)
            {
                Heads.Add(head);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask<SignedTreeHead?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken)
        {
            lock (Heads)
            {
                return ValueTask.FromResult(Heads.LastOrDefault(h => h.Log == log));
            }
        }

        public IAsyncEnumerable<SignedTreeHead> ReadAllAsync(HashChainedLog log, CancellationToken cancellationToken)
        {
            lock (Heads)
            {
                return Heads.Where(h => h.Log == log).ToList().ToAsyncEnumerable();
            }
        }
    }
}
