using System.Diagnostics;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

/// <summary>
/// An instance killed (SIGKILL) in the middle of <c>EraseAsync</c>: the next instance that starts completes the erasure
/// by itself, nobody calls <c>EraseAsync</c> again, and the trail says the SDK completed it. On a SQLite file and on
/// PostgreSQL (the erasure lock the killed process held is released with it).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ErasureResumeKillTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Subjects = ["learner-0", "learner-1", "learner-2"];
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-erasure-resume-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public Task KilledInsideEraseAsync_SqliteFile_NextStartCompletesIt() =>
        KilledThenResumedAsync(run => Path.Combine(_root.CreateSubdirectory($"sqlite-{run}").FullName, "school.db"));

    [SkippableFact]
    public Task KilledInsideEraseAsync_PostgreSql_NextStartCompletesIt()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        return KilledThenResumedAsync(_ => "postgres:" + postgres.NewConnectionString());
    }

    private async Task KilledThenResumedAsync(Func<int, string> newDatabase)
    {
        // Run 0 hangs inside the host's source (keys destroyed, rows not yet deleted); the others die at a random step.
        var interrupted = 0;
        for (var run = 0; run < 4; run++)
        {
            var random = new Random(20261206 + run);
            var database = newDatabase(run);
            var folder = _root.CreateSubdirectory($"keys-{run}");
            await SeedAsync(folder, database);
            var hang = run == 0;
            await RunAndKillAsync(database, folder, hang, killAfterLines: hang ? 2 : random.Next(1, 3 * Subjects.Length), extraDelayMs: hang ? 0 : random.Next(0, 5));

            await using var app = Build(folder, database);
            var erasures = app.GetRequiredService<IErasureStore>();
            var incomplete = await erasures.GetIncompleteAsync(CancellationToken.None);
            Assert.True(!hang || incomplete.Count == 1, $"run {run}: the kill inside the source left {incomplete.Count} incomplete erasures.");
            interrupted += incomplete.Count;
            var requested = new List<string>();
            foreach (var subject in Subjects)
            {
                if (await erasures.FindLatestAsync(subject, CancellationToken.None) is not null)
                {
                    requested.Add(subject);
                }
            }

            // A new host starts (its hosted services, as a generic host runs them); nobody calls EraseAsync.
            var hosted = app.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(CancellationToken.None);
            }

            try
            {
                var watch = Stopwatch.StartNew();
                while ((await erasures.GetIncompleteAsync(CancellationToken.None)).Count > 0)
                {
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"run {run}: the interrupted erasure was not completed within 60 s of the start.");
                    await Task.Delay(50);
                }
            }
            finally
            {
                foreach (var service in Enumerable.Reverse(hosted))
                {
                    await service.StopAsync(CancellationToken.None);
                }
            }

            await AssertStateAsync(app, run, requested, incomplete);
        }

        output.WriteLine($"{interrupted} erasures were interrupted by 4 kills and completed by the next start.");
        Assert.True(interrupted >= 2, $"only {interrupted} of 4 kills interrupted an erasure");
    }

    private static async Task AssertStateAsync(ServiceProvider app, int run, List<string> requested, IReadOnlyList<ErasureRecord> resumed)
    {
        var keys = await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
        var audit = app.GetRequiredService<IAuditTrail>();
        foreach (var subject in Subjects)
        {
            var key = keys.Single(k => k.SubjectId == subject);
            var rows = await RowsAsync(app, subject);
            var entries = await audit.GetBySubjectAsync(subject);
            if (!requested.Contains(subject))
            {
                // Never asked for: the resumption erases only what was requested.
                Assert.Equal((FieldKeyState.Active, 1, 0), (key.State, rows, entries.Count));
                continue;
            }

            Assert.Equal((FieldKeyState.Destroyed, 0), (key.State, rows));
            var record = (await app.GetRequiredService<IErasureStore>().FindLatestAsync(subject, CancellationToken.None))!;
            Assert.True(record.IsComplete);
            Assert.Equal(1, record.KeysDestroyed);
            Assert.Equal((AuditOperation.Destroy, "operator-1", "erasure " + record.Id.ToString("D")), (entries[0].Operation, entries[0].Actor, entries[0].Detail));
            if (resumed.Any(r => r.Id == record.Id))
            {
                var completion = Assert.Single(entries, e => e.Actor == "system:erasure-resume");
                Assert.Equal((AuditOperation.Destroy, "subject request 2026-17"), (completion.Operation, completion.Purpose));
                Assert.StartsWith($"erasure {record.Id:D} completed on resume: 1 keys destroyed, ", completion.Detail, StringComparison.Ordinal);
                Assert.Equal(2, entries.Count);
            }
            else
            {
                Assert.Single(entries);
            }
        }

        Assert.True((await audit.VerifyAsync()).IsIntact, $"run {run}: the audit chain does not verify.");
    }

    private static async Task<int> RowsAsync(ServiceProvider app, string subject)
    {
        await using var scope = app.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LearnerDbContext>().Learners.CountAsync(l => l.SubjectId == subject);
    }

    private static async Task SeedAsync(DirectoryInfo folder, string database)
    {
        await using var app = Build(folder, database);
        await using var scope = app.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Learners.AddRange(Subjects.Select(s => new Learner { Id = Guid.NewGuid(), SubjectId = s, FullName = "Dana Smagulova" }));
        await db.SaveChangesAsync();
    }

    private static async Task RunAndKillAsync(string database, DirectoryInfo folder, bool hang, int killAfterLines, int extraDelayMs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { WriterPath(), "erase", database, folder.FullName, string.Join(',', Subjects) }.Concat(hang ? ["hang"] : []))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        for (var lines = 0; lines < killAfterLines && await process.StandardOutput.ReadLineAsync() is { } line && line != "done"; lines++)
        {
        }

        await Task.Delay(extraDelayMs);
        try
        {
            // SIGKILL on Linux: no finally block, no disposal, no lock released by the process itself.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It finished first.
        }

        await process.WaitForExitAsync();
    }

    private static ServiceProvider Build(DirectoryInfo folder, string database)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(folder.CreateSubdirectory("dp-keys")).SetApplicationName("hrplus-erasure-kill-tests");
        services.AddDbContext<LearnerDbContext>((sp, o) =>
        {
            if (database.StartsWith("postgres:", StringComparison.Ordinal))
            {
                o.UseNpgsql(database["postgres:".Length..]);
            }
            else
            {
                o.UseSqlite($"Data Source={database};Pooling=False");
            }

            o.UseHrPlusPrivacy(sp);
        });
        services.AddScoped<IPersonalDataSource, LearnerSource>();
        services.AddHrPlusPrivacy(o =>
            {
                o.Encryption.PerSubjectKeys = true;
                o.Encryption.EpochKeyDirectory = Path.Combine(folder.FullName, "epoch-keys");
            })
            .UseEntityFrameworkCoreStores<LearnerDbContext>()
            .PersistFieldKeysToFileSystem(folder.CreateSubdirectory("field-keys"));
        return services.BuildServiceProvider();
    }

    private static string WriterPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "HrPlus.Privacy.LedgerWriter", "bin", output.Parent.Name, output.Name, "HrPlus.Privacy.LedgerWriter.dll");
        Assert.True(File.Exists(path), $"The worker was not built at {path}.");
        return path;
    }
}
