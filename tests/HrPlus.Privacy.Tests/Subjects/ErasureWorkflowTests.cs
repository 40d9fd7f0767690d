using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>Erasure as a recorded workflow: evidence first, each step resumable, failures never leave destruction without a record.</summary>
public sealed class ErasureWorkflowTests
{
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    [Fact]
    public async Task Erase_ReasonOf65To256Characters_IsTheAuditPurposeInFull()
    {
        var reason = "subject request 2026-17: " + new string('r', 231);
        using var host = new SubjectTestHost();
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = reason });

        Assert.Equal(256, reason.Length);
        Assert.Equal(1, result.KeysDestroyed);
        var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal((AuditOperation.Destroy, "operator-1", reason), (entry.Operation, entry.Actor, entry.Purpose));
    }

    [Fact]
    public async Task Erase_HostSourceThrows_TheTrailShowsTheRequest_AndARetryCompletesWithoutRepeatingAStep()
    {
        var pupils = new FlakySource(failures: 1);
        pupils.Add("pupil-1", 2);
        using var host = new SubjectTestHost(sources: pupils);
        var stored = host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var request = new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request 2026-17" };

        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(request));

        var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal((AuditOperation.Destroy, "subject request 2026-17"), (entry.Operation, entry.Purpose));
        var interrupted = await host.Shared.Erasures.FindLatestAsync("pupil-1", CancellationToken.None);
        Assert.Equal((false, (int?)1, (long?)entry.Sequence), (interrupted!.IsComplete, interrupted.KeysDestroyed, interrupted.AuditSequence));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(stored, PupilName.WithSubject("pupil-1"))).Reason);

        var result = await host.Erasure.EraseAsync(request);

        Assert.Equal((1, 2, 0, entry.Sequence), (result.KeysDestroyed, result.RecordsDeleted["pupils"], result.AccessRecordsDeleted, result.AuditSequence));
        Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal(1, pupils.EraseCalls);
        Assert.True((await host.Audit.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Erase_AuditStoreThrows_NothingIsDestroyed_AndARetryRecordsAndCompletes()
    {
        var pupils = new FlakySource(failures: 0);
        pupils.Add("pupil-1", 1);
        var audit = new ThrowingAuditStore { Failing = true };
        using var host = new SubjectTestHost(services: s => s.AddSingleton<IAuditStore>(audit), sources: pupils);
        var stored = host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var request = new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request 2026-17" };

        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(request));

        Assert.Equal("Әлихан", host.Encryptor.Decrypt(stored, PupilName.WithSubject("pupil-1")));
        Assert.Equal(0, pupils.EraseCalls);
        Assert.Empty(await host.Audit.GetBySubjectAsync("pupil-1"));

        audit.Failing = false;
        var result = await host.Erasure.EraseAsync(request);

        Assert.Equal((1, 1), (result.KeysDestroyed, result.RecordsDeleted["pupils"]));
        var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal(entry.Sequence, result.AuditSequence);
    }

    [Fact]
    public async Task Erase_AccessLogDeleteThrows_ARetryDeletesThemAndKeepsTheFirstCounts()
    {
        var pupils = new FlakySource(failures: 0);
        pupils.Add("pupil-1", 3);
        var log = new ThrowingAccessLogStore { Failing = true };
        using var host = new SubjectTestHost(services: s => s.AddSingleton<IAccessLogStore>(log), sources: pupils);
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var request = new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "retention term ended" };

        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(request));
        log.Failing = false;
        var result = await host.Erasure.EraseAsync(request);

        Assert.Equal((1, 3), (result.KeysDestroyed, result.RecordsDeleted["pupils"]));
        Assert.Equal(1, pupils.EraseCalls);
        Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
    }

    [Fact]
    public async Task Erase_InterruptedAfterEachStepBeforeItsStateIsSaved_ARetryCompletesWithOneEntryAndTheKeysCounted()
    {
        // Save 1 is the request; each later save follows a step's effect: a failing save is a crash between the two.
        for (var failAt = 1; failAt <= 7; failAt++)
        {
            var pupils = new FlakySource(failures: 0);
            pupils.Add("pupil-1", 2);
            var erasures = new FailingErasureStore(failAt);
            using var host = new SubjectTestHost(services: s => s.AddSingleton<IErasureStore>(erasures), sources: pupils);
            host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
            var request = new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request" };

            await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(request));
            var result = await host.Erasure.EraseAsync(request);

            var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
            Assert.Equal(entry.Sequence, result.AuditSequence);
            Assert.Equal(1, result.KeysDestroyed);

            // The source's count is what its last run deleted: 0 when the crash came after it deleted and before the save.
            Assert.Equal(failAt == 5 ? 0 : 2, result.RecordsDeleted["pupils"]);
            Assert.True((await erasures.Inner.FindLatestAsync("pupil-1", CancellationToken.None))!.IsComplete);
        }
    }

    [Fact]
    public async Task Erase_AlreadyErased_ReturnsTheSameResult_AndAppendsNothing()
    {
        var pupils = new FlakySource(failures: 0);
        pupils.Add("pupil-1", 2);
        using var host = new SubjectTestHost(sources: pupils);
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var first = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request" });

        var again = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-2", Reason = "duplicate request" });

        Assert.Equal((first.KeysDestroyed, first.RecordsDeleted["pupils"], first.AuditSequence, first.ErasedAt), (again.KeysDestroyed, again.RecordsDeleted["pupils"], again.AuditSequence, again.ErasedAt));
        Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal(1, pupils.EraseCalls);
    }

    [Fact]
    public async Task Erase_TwoAtOnceOnOneInstance_RecordOneErasure()
    {
        // A store that answers late, as a database does: both calls look before either has saved its record.
        var erasures = new SlowErasureStore();
        using var host = new SubjectTestHost(services: s => s.AddSingleton<IErasureStore>(erasures), sources: new SlowSource());
        host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var request = new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "subject request" };

        var results = await Task.WhenAll(host.Erasure.EraseAsync(request).AsTask(), host.Erasure.EraseAsync(request).AsTask());

        Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal(results[0].AuditSequence, results[1].AuditSequence);
        Assert.Equal((1, 1), (results[0].KeysDestroyed, results[1].KeysDestroyed));
    }

    [Fact]
    public async Task Erase_UnknownSubject_IsRefusedBeforeAnythingIsAppended()
    {
        using var host = new SubjectTestHost(sources: new FlakySource(failures: 0));

        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "nobody-1", ErasedBy = "operator-1", Reason = "request" }));

        Assert.Empty(await host.Audit.GetBySubjectAsync("nobody-1"));
        Assert.Null(await host.Shared.Erasures.FindLatestAsync("nobody-1", CancellationToken.None));
    }

    [Fact]
    public async Task DueForDestruction_ListsAnInterruptedErasure_UntilItIsResumed()
    {
        var pupils = new FlakySource(failures: 1);
        pupils.Add("parent-1", 1);
        using var host = new SubjectTestHost(configure: o => o.Subjects.RetentionTerms["news-offers"] = TimeSpan.FromDays(1), sources: pupils);
        await host.Policies.PublishAsync(new HrPlus.Privacy.Policies.PolicyDraft { Texts = [new HrPlus.Privacy.Policies.PolicyText("ru", "Политика")], ChangeKind = HrPlus.Privacy.Policies.PolicyChangeKind.Material });
        await host.Consents.GrantAsync(new HrPlus.Privacy.Consent.ConsentRequest { SubjectId = "parent-1", Purpose = "news-offers", PolicyVersion = 1, Language = "ru" });
        await host.Consents.WithdrawAsync(new HrPlus.Privacy.Consent.ConsentWithdrawal { SubjectId = "parent-1", Purpose = "news-offers" });
        host.Time.Advance(TimeSpan.FromDays(2));
        var request = new ErasureRequest { SubjectId = "parent-1", ErasedBy = "system:retention", Reason = "retention term ended" };

        await Assert.ThrowsAsync<IOException>(async () => await host.Erasure.EraseAsync(request));
        Assert.Equal(["parent-1"], (await host.Erasure.GetDueForDestructionAsync()).Select(d => d.SubjectId));

        await host.Erasure.EraseAsync(request);
        Assert.Empty(await host.Erasure.GetDueForDestructionAsync());
    }

    /// <summary>A host table whose erase fails the first <c>failures</c> times, deleting nothing.</summary>
    private sealed class FlakySource(int failures) : IPersonalDataSource
    {
        private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);
        private int _failures = failures;

        public string Name => "pupils";

        public int EraseCalls { get; private set; }

        public void Add(string subject, int rows) => _rows[subject] = rows;

        public ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<PersonalDataRecord>>(
                [.. Enumerable.Range(0, _rows.GetValueOrDefault(subjectId)).Select(i => new PersonalDataRecord("pupil", i.ToString(System.Globalization.CultureInfo.InvariantCulture), []))]);

        public ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken)
        {
            if (_failures-- > 0)
            {
                throw new IOException("The host's database is unreachable.");
            }

            EraseCalls++;
            return ValueTask.FromResult(_rows.Remove(subjectId, out var count) ? count : 0);
        }
    }

    /// <summary>A host table that takes a while to answer, so two erasures overlap.</summary>
    private sealed class SlowSource : IPersonalDataSource
    {
        public string Name => "pupils";

        public async ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken)
        {
            await Task.Delay(50, cancellationToken);
            return [];
        }

        public async ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken)
        {
            await Task.Delay(50, cancellationToken);
            return 0;
        }
    }

    private sealed class SlowErasureStore : IErasureStore
    {
        private readonly InMemoryErasureStore _inner = new();

        public ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken) => _inner.SaveAsync(record, cancellationToken);

        public async ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken)
        {
            var found = await _inner.FindLatestAsync(subjectId, cancellationToken);
            await Task.Delay(50, cancellationToken);
            return found;
        }

        public ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken) => _inner.GetIncompleteAsync(cancellationToken);
    }

    private sealed class ThrowingAuditStore : IAuditStore
    {
        private readonly InMemoryAuditStore _inner = new();

        public bool Failing { get; set; }

        public ValueTask<AuditEntry> AppendAsync(AuditEntry pending, CancellationToken cancellationToken) =>
            Failing ? throw new IOException("The audit database is unreachable.") : _inner.AppendAsync(pending, cancellationToken);

        public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken) => _inner.GetBySubjectAsync(subjectId, cancellationToken);

        public ValueTask<AuditEntry?> GetHeadAsync(CancellationToken cancellationToken) => _inner.GetHeadAsync(cancellationToken);

        public IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken) => _inner.ReadAllAsync(cancellationToken);
    }

    private sealed class ThrowingAccessLogStore : IAccessLogStore
    {
        private readonly InMemoryAccessLogStore _inner = new();

        public bool Failing { get; set; }

        public ValueTask AppendAsync(IReadOnlyList<AccessRecord> records, IReadOnlyList<IpStatistic> statistics, CancellationToken cancellationToken) =>
            _inner.AppendAsync(records, statistics, cancellationToken);

        public ValueTask<IReadOnlyList<AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
            _inner.QueryAsync(from, to, limit, cancellationToken);

        public ValueTask<IReadOnlyList<AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken) =>
            _inner.QueryBySubjectAsync(subjectPseudonym, limit, cancellationToken);

        public ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken) =>
            Failing ? throw new IOException("The access log is unreachable.") : _inner.DeleteBySubjectAsync(subjectPseudonym, cancellationToken);

        public ValueTask<IReadOnlyList<IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            _inner.QueryIpStatisticsAsync(from, to, cancellationToken);
    }

    /// <summary>Fails its <c>failAt</c>-th save once, as if the process died after the step and before its state was written.</summary>
    private sealed class FailingErasureStore(int failAt) : IErasureStore
    {
        private int _saves;

        public InMemoryErasureStore Inner { get; } = new();

        public ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken) =>
            ++_saves == failAt ? throw new IOException("Killed between a step and its record.") : Inner.SaveAsync(record, cancellationToken);

        public ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken) => Inner.FindLatestAsync(subjectId, cancellationToken);

        public ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken) => Inner.GetIncompleteAsync(cancellationToken);
    }
}
