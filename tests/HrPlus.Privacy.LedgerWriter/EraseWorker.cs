using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.LedgerWriter;

/// <summary>
/// Erases subjects of a learners table that the test process created (same tables, same key folders), printing a line
/// before and after each step it can see, so the test can kill it at any point and check what is left.
/// </summary>
/// <remarks>
/// The database is a SQLite file, or <c>postgres:</c> and a connection string. With a fourth argument <c>hang</c> the
/// host's source never returns for the first subject, after printing <c>rows</c>: the test kills it inside the erasure.
/// </remarks>
internal static class EraseWorker
{
    public const string PostgresPrefix = "postgres:";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is not (3 or 4))
        {
            await Console.Error.WriteLineAsync("usage: HrPlus.Privacy.LedgerWriter erase <sqlite file|postgres:connection string> <folder> <subject,subject,...> [hang]");
            return 2;
        }

        var folder = new DirectoryInfo(args[1]);
        var hang = args is [.., "hang"];
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(folder.CreateSubdirectory("dp-keys")).SetApplicationName("hrplus-erasure-kill-tests");
        services.AddDbContext<EraseContext>(o =>
        {
            if (args[0].StartsWith(PostgresPrefix, StringComparison.Ordinal))
            {
                o.UseNpgsql(args[0][PostgresPrefix.Length..]);
            }
            else
            {
                o.UseSqlite($"Data Source={args[0]};Pooling=False");
            }
        });
        services.AddScoped<IPersonalDataSource>(sp => new LearnerRows(sp.GetRequiredService<EraseContext>(), hang));
        services.AddHrPlusPrivacy(o =>
            {
                o.Encryption.PerSubjectKeys = true;
                o.Encryption.EpochKeyDirectory = Path.Combine(folder.FullName, "epoch-keys");
            })
            .UseEntityFrameworkCoreStores<EraseContext>()
            .PersistFieldKeysToFileSystem(folder.CreateSubdirectory("field-keys"));
        await using var provider = services.BuildServiceProvider();
        var erasure = provider.GetRequiredService<ISubjectErasure>();
        foreach (var subject in args[2].Split(','))
        {
            Console.WriteLine($"begin {subject}");
            var result = await erasure.EraseAsync(new ErasureRequest { SubjectId = subject, ErasedBy = "operator-1", Reason = "subject request 2026-17" });
            Console.WriteLine($"end {subject} {result.KeysDestroyed}");
        }

        Console.WriteLine("done");
        return 0;
    }

    private sealed class LearnerRows(EraseContext db, bool hang) : IPersonalDataSource
    {
        public string Name => "learners";

        public async ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken) =>
            [.. (await db.Set<LearnerRow>().Where(l => l.SubjectId == subjectId).Select(l => l.Id).ToListAsync(cancellationToken))
                .Select(id => new PersonalDataRecord("learner", id.ToString("D"), []))];

        public async ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken)
        {
            Console.WriteLine($"rows {subjectId}");
            if (hang)
            {
                // The host's database stops answering: the operator's request never returns, the process is killed.
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var count = await db.Set<LearnerRow>().Where(l => l.SubjectId == subjectId).ExecuteDeleteAsync(cancellationToken);
            Console.WriteLine($"rows-deleted {subjectId}");
            return count;
        }
    }
}

/// <summary>The test's learners table as this process sees it (values stay ciphertext: rows are only deleted).</summary>
internal sealed class LearnerRow
{
    public Guid Id { get; set; }

    public string SubjectId { get; set; } = string.Empty;

    public string FullName { get; set; } = string.Empty;

    public string? Iin { get; set; }
}

internal sealed class EraseContext(DbContextOptions<EraseContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseHrPlusPrivacy();
        modelBuilder.Entity<LearnerRow>().ToTable("Learners");
    }
}
