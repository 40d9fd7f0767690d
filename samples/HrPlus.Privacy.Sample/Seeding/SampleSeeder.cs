using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Seeding;

/// <summary>
/// Creates the database on first start and seeds it: policy versions 1 and 2 and synthetic pupils, the first half of
/// whom consented under version 1 (so version 2, a material change, asks them to consent again).
/// </summary>
/// <remarks>
/// On PostgreSQL several instances may start at the same moment on an empty database: the schema and the seed are made
/// under a PostgreSQL advisory lock, by whichever instance takes it first; the others find them made.
/// </remarks>
public static class SampleSeeder
{
    // The sample's own advisory lock, a 64-bit key of its own (0x4852505300004000: "HRPS", 4000).
    private const string Lock = "SELECT pg_advisory_lock(5211316036233609216)";
    private const string Unlock = "SELECT pg_advisory_unlock(5211316036233609216)";

    /// <summary>Creates the schema when missing and seeds an empty database.</summary>
    public static async Task InitializeAsync(IServiceProvider services, int pupils, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDb>();
        if (!db.Database.IsNpgsql())
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);

            // WAL lets readers go on while the ledger or the access log appends.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await SeedAsync(scope.ServiceProvider, db, pupils, cancellationToken);
            return;
        }

        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another instance created it a moment ago.
            }
        }

        // A session lock, held on this context's connection (kept open) until the schema and the seed are there.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The instance that took the lock first may take a while (schema, seed) on a busy machine: wait for it
            // without the usual 30-second command timeout.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync(Lock, cancellationToken);
            db.Database.SetCommandTimeout(timeout);
            await db.Database.EnsureCreatedAsync(cancellationToken);

            // DataProtection's first key, made here under the lock, is the one key every instance starting now finds:
            // without it each would make its own and, for a while, fail to read what the others protect.
            scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("HrPlus.Privacy.Sample.Startup").Protect([0]);
            await SeedAsync(scope.ServiceProvider, db, pupils, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(Unlock, CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task SeedAsync(IServiceProvider services, SchoolDb db, int pupils, CancellationToken cancellationToken)
    {
        var policies = services.GetRequiredService<IPolicyRegistry>();
        if ((await policies.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var consents = services.GetRequiredService<IConsentService>();
        var audit = services.GetRequiredService<IAuditTrail>();
        var people = new SyntheticPeople(seed: 20_240_701);
        var today = PupilRegistrar.Today(time);
        var seeded = Enumerable.Range(0, pupils)
            .Select(_ => people.Next(today.AddYears(-19), today.AddYears(-7), today, time.GetUtcNow()))
            .ToList();
        db.Pupils.AddRange(seeded);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var pupil in seeded)
        {
            await audit.AppendAsync(
                new AuditEvent { Operation = AuditOperation.Collect, Actor = "seed", SubjectId = pupil.Id.ToString(), Purpose = PupilRegistrar.Purpose, Target = "Pupil" },
                cancellationToken);
        }

        var first = await policies.PublishAsync(PolicyTexts.Version1(), cancellationToken);
        foreach (var pupil in seeded.Take(pupils / 2))
        {
            await GrantAsync(consents, pupil, first.Version, "ru", today, cancellationToken);
        }

        var second = await policies.PublishAsync(PolicyTexts.Version2(), cancellationToken);
        foreach (var pupil in seeded.Skip(pupils / 2))
        {
            await GrantAsync(consents, pupil, second.Version, "kk", today, cancellationToken);
        }
    }

    private static async Task GrantAsync(IConsentService consents, Pupil pupil, int version, string language, DateOnly today, CancellationToken cancellationToken) =>
        await consents.GrantAsync(PupilConsent.For(pupil, version, language, today, ConsentChannel.Paper, minorAlsoAgreed: true), cancellationToken);
}
