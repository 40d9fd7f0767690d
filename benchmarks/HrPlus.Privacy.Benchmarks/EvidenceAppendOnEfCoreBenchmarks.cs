using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// The append budget of <see cref="EvidenceBenchmarks"/> (checkpoints on ≤ 1.05× off) in the README's configuration: the
/// audit trail on the EF Core stores (SQLite file, one per side), the checkpoint job running every second against no job.
/// </summary>
[MemoryDiagnoser]
public class EvidenceAppendOnEfCoreBenchmarks
{
    private DirectoryInfo _folder = null!;
    private ServiceProvider _off = null!;
    private ServiceProvider _on = null!;
    private IAuditTrail _offTrail = null!;
    private IAuditTrail _onTrail = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("hrplus-evidence-");
        _off = Build("off", null);
        _on = Build("on", TimeSpan.FromSeconds(1));
        foreach (var job in _on.GetServices<IHostedService>().OfType<ChainCheckpointJob>())
        {
            job.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        _offTrail = _off.GetRequiredService<IAuditTrail>();
        _onTrail = _on.GetRequiredService<IAuditTrail>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _on.Dispose();
        _off.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Benchmark(Baseline = true, Description = "append 100 audit entries, EF Core on SQLite, checkpoints off")]
    public async Task<long> AppendCheckpointsOff() => await AppendAsync(_offTrail);

    [Benchmark(Description = "append 100 audit entries, EF Core on SQLite, checkpoint job running")]
    public async Task<long> AppendCheckpointsOn() => await AppendAsync(_onTrail);

    private static async Task<long> AppendAsync(IAuditTrail trail)
    {
        long last = 0;
        for (var i = 0; i < 100; i++)
        {
            last = (await trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "operator-1", SubjectId = "pupil-000123", Purpose = "support" })).Sequence;
        }

        return last;
    }

    // "Off" means no job runs (checkpoints cannot be switched off any more).
    private ServiceProvider Build(string name, TimeSpan? interval)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_folder.CreateSubdirectory(name + "-dp")).SetApplicationName("hrplus-bench");
        var database = Path.Combine(_folder.FullName, name + ".db");
        services.AddDbContext<NotesDbContext>((sp, o) => o.UseSqlite($"Data Source={database}").UseHrPlusPrivacy(sp));
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "Benchmark school";
            o.Audit.CheckpointInterval = interval ?? TimeSpan.FromDays(1);
        }).UseEntityFrameworkCoreStores<NotesDbContext>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<NotesDbContext>().Database.EnsureCreated();
        return provider;
    }
}
