using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>Interrupted erasures are completed by the SDK itself, one instance at a time, and the trail says so.</summary>
public sealed class ErasureResumeTests
{
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    [Fact]
    public async Task ResumeJob_AtStartUp_CompletesAnErasureInterruptedOnAnotherInstance_AndTheTrailNamesTheSdk()
    {
        var pupils = new FailingOnceTable();
        pupils.Add("pupil-1", 2);
        using var first = new SubjectTestHost(sources: pupils);
        var stored = first.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject("pupil-1"));
        await Assert.ThrowsAsync<IOException>(async () => await first.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request 2026-17" }));
        Assert.Single(await first.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));

        // A new instance over the same stores starts; nobody calls EraseAsync again.
        first.Time.Advance(TimeSpan.FromMinutes(3));
        using var second = new SubjectTestHost(time: first.Time, shared: first.Shared, sources: pupils);
        var job = second.Services.GetServices<IHostedService>().OfType<ErasureResumeJob>().Single();
        await job.StartAsync(CancellationToken.None);
        try
        {
            await WaitForAsync(() => job.Passes >= 1);
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        Assert.Empty(await second.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));
        var record = await second.Shared.Erasures.FindLatestAsync("pupil-1", CancellationToken.None);
        Assert.Equal((1, 2, first.Time.GetUtcNow()), (record!.KeysDestroyed, record.RecordsDeleted["pupils"], record.CompletedAt));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => second.Encryptor.Decrypt(stored, PupilName.WithSubject("pupil-1"))).Reason);
        var entries = await second.Audit.GetBySubjectAsync("pupil-1");
        Assert.Equal(2, entries.Count);
        Assert.Equal((AuditOperation.Destroy, "operator-1", "erasure " + record.Id.ToString("D")), (entries[0].Operation, entries[0].Actor, entries[0].Detail));
        Assert.Equal((AuditOperation.Destroy, "system:erasure-resume", "subject request 2026-17"), (entries[1].Operation, entries[1].Actor, entries[1].Purpose));
        Assert.Equal($"erasure {record.Id:D} completed on resume: 1 keys destroyed, 2 records deleted by 1 sources, 0 access records deleted", entries[1].Detail);
        Assert.Equal(first.Time.GetUtcNow(), entries[1].OccurredAt);
        Assert.True((await second.Audit.VerifyAsync()).IsIntact);

        // The operator asking again afterwards gets the completed erasure; nothing more is appended.
        var result = await first.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-2", Reason = "retry" });
        Assert.Equal((1, record.AuditSequence), (result.KeysDestroyed, (long?)result.AuditSequence));
        Assert.Equal(2, (await second.Audit.GetBySubjectAsync("pupil-1")).Count);
    }

    [Fact]
    public async Task ResumeIncomplete_WhileAnotherInstanceHoldsTheStoreLock_DoesNothing_ThenCompletesOnTheNextPass()
    {
        var pupils = new FailingOnceTable();
        pupils.Add("pupil-1", 1);
        using var first = new SubjectTestHost(sources: pupils);
        first.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        await Assert.ThrowsAsync<IOException>(async () => await first.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request" }));
        using var second = new SubjectTestHost(time: first.Time, shared: first.Shared, sources: pupils);
        var resumer = (SubjectErasure)second.Erasure;

        var held = await first.Shared.Erasures.TryLockAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await first.Shared.Erasures.TryLockAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await resumer.ResumeIncompleteAsync(CancellationToken.None));
        Assert.Single(await first.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));

        await held.DisposeAsync();
        await held.DisposeAsync();
        Assert.Equal(1, await resumer.ResumeIncompleteAsync(CancellationToken.None));
        Assert.Equal(0, await resumer.ResumeIncompleteAsync(CancellationToken.None));
        Assert.Empty(await first.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ResumeIncomplete_ASourceThatKeepsFailing_StaysIncomplete_AndTheOthersComplete()
    {
        var broken = new FailingOnceTable(failures: int.MaxValue);
        broken.Add("pupil-1", 1);
        using var host = new SubjectTestHost(sources: broken);
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        host.Encryptor.Encrypt("Алина", PupilName.WithSubject("pupil-2"));
        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request 1" }));
        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-2", ErasedBy = "operator-1", Reason = "request 2" }));
        broken.FailOnlyFor = "pupil-1";

        Assert.Equal(1, await ((SubjectErasure)host.Erasure).ResumeIncompleteAsync(CancellationToken.None));

        var incomplete = Assert.Single(await host.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));
        Assert.Equal("pupil-1", incomplete.SubjectId);
        Assert.True((await host.Shared.Erasures.FindLatestAsync("pupil-2", CancellationToken.None))!.IsComplete);
    }

    [Fact]
    public async Task ResumeJob_Periodically_PicksUpAnErasureInterruptedAfterStartUp()
    {
        var pupils = new FailingOnceTable();
        pupils.Add("pupil-1", 1);
        using var host = new SubjectTestHost(sources: pupils, configure: o => o.Subjects.ErasureResumeInterval = TimeSpan.FromMinutes(2));
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var job = host.Services.GetServices<IHostedService>().OfType<ErasureResumeJob>().Single();
        await job.StartAsync(CancellationToken.None);
        try
        {
            await WaitForAsync(() => job.Passes >= 1);
            await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request" }));
            Assert.Single(await host.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));

            host.Time.Advance(TimeSpan.FromMinutes(2));
            await WaitForAsync(() => job.Passes >= 2);
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        Assert.Empty(await host.Shared.Erasures.GetIncompleteAsync(CancellationToken.None));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached within 30 s.");
            await Task.Delay(10);
        }
    }

    /// <summary>A host table whose delete fails the first <c>failures</c> times (an unreachable database), then works.</summary>
    private sealed class FailingOnceTable(int failures = 1) : IPersonalDataSource
    {
        private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);
        private int _failures = failures;

        public string Name => "pupils";

        public string? FailOnlyFor { get; set; }

        public void Add(string subject, int rows) => _rows[subject] = rows;

        public ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<PersonalDataRecord>>([.. Enumerable.Range(0, _rows.GetValueOrDefault(subjectId)).Select(i => new PersonalDataRecord("pupil", $"{i}", []))]);

        public ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken)
        {
            if ((FailOnlyFor is null || FailOnlyFor == subjectId) && _failures-- > 0)
            {
                throw new IOException("The host's database is unreachable.");
            }

            return ValueTask.FromResult(_rows.Remove(subjectId, out var count) ? count : 0);
        }
    }
}
