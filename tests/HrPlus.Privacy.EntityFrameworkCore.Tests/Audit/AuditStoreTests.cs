using HrPlus.Privacy.Audit;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Audit;

/// <summary>The audit trail on SQLite and PostgreSQL, tampered with by raw SQL.</summary>
public abstract class AuditStoreTests
{
    protected abstract DatabaseProvider Database { get; }

    [SkippableFact]
    public async Task Append_RoundTrips_AndConcurrentAppendsStayOneChain()
    {
        using var first = Build();
        using var second = Build();
        var trails = new[] { first.GetRequiredService<IAuditTrail>(), second.GetRequiredService<IAuditTrail>() };

        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await trails[w % 2].AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = $"worker-{w}", SubjectId = $"pupil-{i}", Purpose = "identification", Target = "Pupil" });
            }
        })));

        var result = await trails[0].VerifyAsync();
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(120, result.EntryCount);
        var bySubject = await trails[1].GetBySubjectAsync("pupil-3");
        Assert.Equal(6, bySubject.Count);
        Assert.All(bySubject, e => Assert.Equal(AuditChain.ComputeHash(e), e.Hash));
    }

    [SkippableFact]
    public async Task Tamper_EditDeleteReorderAndTruncate_AreAllDetected()
    {
        using var provider = Build();
        var trail = provider.GetRequiredService<IAuditTrail>();
        for (var i = 0; i < 6; i++)
        {
            await trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Export, Actor = "operator", SubjectId = $"pupil-{i}" });
        }

        var checkpoint = await trail.CreateCheckpointAsync();

        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 2");
        Assert.Equal((2L, ChainBreak.Edited), Break(await trail.VerifyAsync()));
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Actor\" = 'operator' WHERE \"Sequence\" = 2");
        Assert.True((await trail.VerifyAsync(checkpoint)).IsIntact);

        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = -3 WHERE \"Sequence\" = 3");
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = 3 WHERE \"Sequence\" = 4");
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = 4 WHERE \"Sequence\" = -3");
        Assert.Equal((3L, ChainBreak.Relinked), Break(await trail.VerifyAsync()));
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = -3 WHERE \"Sequence\" = 3");
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = 3 WHERE \"Sequence\" = 4");
        await ExecuteAsync(provider, "UPDATE hrplus_audit_entries SET \"Sequence\" = 4 WHERE \"Sequence\" = -3");

        await ExecuteAsync(provider, "DELETE FROM hrplus_audit_entries WHERE \"Sequence\" = 5");
        Assert.Equal((5L, ChainBreak.Missing), Break(await trail.VerifyAsync()));

        await ExecuteAsync(provider, "DELETE FROM hrplus_audit_entries WHERE \"Sequence\" >= 5");
        Assert.True((await trail.VerifyAsync()).IsIntact);
        Assert.Equal((5L, ChainBreak.Truncated), Break(await trail.VerifyAsync(checkpoint)));
    }

    private static (long?, ChainBreak) Break(ChainVerificationResult result) => (result.FirstBrokenPosition, result.Break);

    private static async Task ExecuteAsync(ServiceProvider provider, string sql)
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private ServiceProvider Build()
    {
        Database.SkipIfUnavailable();
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Database.AddContext(services);
#pragma warning disable CS0618 // the obsolete HMAC checkpoints still work for hosts that set a key
        services.AddHrPlusPrivacy(o => o.Audit.CheckpointKey = new byte[32]).UseEntityFrameworkCoreStores<TestDbContext>();
#pragma warning restore CS0618
        Database.EnsureCreated();
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteAuditStoreTests : AuditStoreTests, IDisposable
{
    private readonly SqliteProvider _database = new();

    protected override DatabaseProvider Database => _database;

    public void Dispose() => _database.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditStoreTests(PostgresFixture postgres) : AuditStoreTests
{
    private readonly Lazy<DatabaseProvider> _database = new(postgres.NewProvider);

    protected override DatabaseProvider Database => _database.Value;
}
