using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Seeding;

/// <summary>
/// Creates the database on first start and seeds it: policy versions 1 and 2 and synthetic pupils, the first half of
/// whom consented under version 1 (so version 2, a material change, asks them to consent again).
/// </summary>
public static class SampleSeeder
{
    /// <summary>Creates the schema when missing and seeds an empty database.</summary>
    public static async Task InitializeAsync(IServiceProvider services, int pupils, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchoolDb>();
        await db.Database.EnsureCreatedAsync(cancellationToken);

        // WAL lets readers go on while the ledger or the access log appends.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        var policies = scope.ServiceProvider.GetRequiredService<IPolicyRegistry>();
        if ((await policies.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var consents = scope.ServiceProvider.GetRequiredService<IConsentService>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
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
