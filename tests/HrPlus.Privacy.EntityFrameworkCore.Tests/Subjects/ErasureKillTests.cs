using System.Diagnostics;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Subjects;

/// <summary>
/// Erasures in a child process killed at random points, 20 times: whatever was destroyed is in the audit trail, and a
/// retry completes every erasure with one <c>Destroy</c> entry and the keys counted once.
/// </summary>
public sealed class ErasureKillTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private static readonly string[] Subjects = ["learner-0", "learner-1", "learner-2", "learner-3"];
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-erasure-kill-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Erase_ChildProcessKilledAtRandomPoints_TrailAlwaysShowsTheRequest_AndARetryCompletesIt()
    {
        var interrupted = 0;
        for (var run = 0; run < Kills; run++)
        {
            var random = new Random(20261126 + run);
            var folder = _root.CreateSubdirectory($"run-{run}");
            var database = Path.Combine(folder.FullName, "school.db");
            await SeedAsync(folder, database);

            // Kill after a random line of the worker's output (each marks a step boundary) and a random few milliseconds.
            await RunAndKillAsync(database, folder, killAfterLines: random.Next(1, 4 * Subjects.Length), extraDelayMs: random.Next(0, 4));

            await using var app = Build(folder, database);
            var audit = app.GetRequiredService<IAuditTrail>();
            var erasures = app.GetRequiredService<IErasureStore>();
            var keys = await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None);
            interrupted += (await erasures.GetIncompleteAsync(CancellationToken.None)).Count;
            foreach (var subject in Subjects)
            {
                var keyDestroyed = keys.Single(k => k.SubjectId == subject).State == FieldKeyState.Destroyed;
                var rowsGone = await RowsAsync(app, subject) == 0;
                var requested = (await audit.GetBySubjectAsync(subject)).Any(e => e.Operation == AuditOperation.Destroy);
                Assert.True(requested || (!keyDestroyed && !rowsGone), $"run {run}: {subject} lost data without a Destroy entry.");
            }

            var erasure = app.GetRequiredService<ISubjectErasure>();
            foreach (var subject in Subjects)
            {
                var result = await erasure.EraseAsync(new ErasureRequest { SubjectId = subject, ErasedBy = "operator-2", Reason = "retry" });
                Assert.Equal(1, result.KeysDestroyed);
                var entry = Assert.Single(await audit.GetBySubjectAsync(subject));
                Assert.Equal((AuditOperation.Destroy, entry.Sequence), (entry.Operation, result.AuditSequence));
                Assert.Equal(0, await RowsAsync(app, subject));
            }

            Assert.Empty(await erasures.GetIncompleteAsync(CancellationToken.None));
            Assert.True((await audit.VerifyAsync()).IsIntact);
            Assert.All(await app.GetRequiredService<IFieldKeyStore>().GetAllAsync(CancellationToken.None), k => Assert.True(k.SubjectId is null || k.State == FieldKeyState.Destroyed));
        }

        // The kills landed inside erasures, not only between them.
        output.WriteLine($"{interrupted} erasures were interrupted by {Kills} kills.");
        Assert.True(interrupted >= Kills / 4, $"only {interrupted} of {Kills} kills interrupted an erasure");
    }

    private static async Task<int> RowsAsync(ServiceProvider app, string subject)
    {
        await using var scope = app.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LearnerDbContext>().Learners.CountAsync(l => l.SubjectId == subject);
    }

    private async Task SeedAsync(DirectoryInfo folder, string database)
    {
        await using var app = Build(folder, database);
        await using var scope = app.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearnerDbContext>();
        await db.Database.EnsureCreatedAsync();
        db.Learners.AddRange(Subjects.Select(s => new Learner { Id = Guid.NewGuid(), SubjectId = s, FullName = "Dana Smagulova" }));
        await db.SaveChangesAsync();
    }

    private static async Task RunAndKillAsync(string database, DirectoryInfo folder, int killAfterLines, int extraDelayMs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { WriterPath(), "erase", database, folder.FullName, string.Join(',', Subjects) })
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
        services.AddDbContext<LearnerDbContext>((sp, o) => o.UseSqlite($"Data Source={database};Pooling=False").UseHrPlusPrivacy(sp));
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
