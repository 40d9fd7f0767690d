using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>An erasure says what it touched: one that destroyed no key and deleted no row says so, in its result and the log.</summary>
public sealed class ErasureReportTests
{
    private const string Held = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    [Fact]
    public async Task Erase_UpperCaseGuidOfAHeldSubject_ResultSaysNothingErased_AndTheWarningPointsAtTheSimilarId()
    {
        var logs = new FakeLogCollector();
        var pupils = new PupilTable();
        pupils.Add(Held, new PersonalDataRecord("pupil", "1", [new("full_name", "Әлихан Бекұлы")]));
        using var host = new SubjectTestHost(sources: pupils, services: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs))));
        var stored = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject(Held));

        // The operator's tools opened the record under the upper-case form: the trail knows that id, the rows do not.
        var upper = Held.ToUpperInvariant();
        await host.Audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "operator-1", SubjectId = upper, Purpose = "support" });

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = upper, ErasedBy = "operator-1", Reason = "subject request 2026-17" });

        Assert.True(result.NothingErased);
        Assert.Equal((0, 0, 0), (result.KeysDestroyed, result.RecordsDeleted["pupils"], result.AccessRecordsDeleted));
        Assert.Equal("Әлихан Бекұлы", host.Encryptor.Decrypt(stored, PupilName.WithSubject(Held)));
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id is 1040 or 1041);
        Assert.Equal((1041, LogLevel.Warning), (warning.Id.Id, warning.Level));
        Assert.DoesNotContain(Held, warning.Message, StringComparison.OrdinalIgnoreCase);

        // The id the data is held under erases it, and that result says something was erased.
        var right = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = Held, ErasedBy = "operator-1", Reason = "subject request 2026-17" });
        Assert.False(right.NothingErased);
        Assert.Equal((1, 1), (right.KeysDestroyed, right.RecordsDeleted["pupils"]));
    }

    [Fact]
    public async Task Erase_SubjectWhoseDataWasDeletedBefore_NothingErased_WithTheGeneralWarning()
    {
        var logs = new FakeLogCollector();
        using var host = new SubjectTestHost(sources: new PupilTable(), services: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs))));
        await host.Audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Record, Actor = "operator-1", SubjectId = "pupil-9", Purpose = "enrolment" });

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-9", ErasedBy = "operator-1", Reason = "subject request 2026-18" });
        var again = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-9", ErasedBy = "operator-1", Reason = "duplicate" });

        Assert.True(result.NothingErased);
        Assert.True(again.NothingErased);
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id is 1040 or 1041);
        Assert.Equal(1040, warning.Id.Id);
        Assert.Contains("none of the 1 personal data sources deleted a record", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_OnlyTheKeyDestroyed_OrOnlyRowsDeleted_IsNotNothingErased()
    {
        var logs = new FakeLogCollector();
        var pupils = new PupilTable();
        pupils.Add("pupil-2", new PersonalDataRecord("pupil", "2", []));
        using var host = new SubjectTestHost(sources: pupils, services: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs))));
        host.Encryptor.Encrypt("Алина", PupilName.WithSubject("pupil-1"));

        var keyOnly = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request 1" });
        var rowsOnly = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-2", ErasedBy = "operator-1", Reason = "request 2" });

        Assert.Equal((false, 1, 0), (keyOnly.NothingErased, keyOnly.KeysDestroyed, keyOnly.RecordsDeleted["pupils"]));
        Assert.Equal((false, 0, 1), (rowsOnly.NothingErased, rowsOnly.KeysDestroyed, rowsOnly.RecordsDeleted["pupils"]));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Id.Id is 1040 or 1041);
    }

    [Fact]
    public async Task Block_UpperCaseGuidOfAHeldSubject_WarnsThatItBlocksNothingHeld_TheHeldIdDoesNotWarn()
    {
        var logs = new FakeLogCollector();
        using var host = new SubjectTestHost(services: s => s.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs))));
        var stored = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject(Held));

        await host.Blocking.BlockAsync(Held.ToUpperInvariant(), "accuracy disputed", BlockRequester.Subject, "operator-1");

        var warning = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1047);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("1", warning.StructuredState!.Single(p => p.Key == "SimilarKeys").Value);
        Assert.Equal("Әлихан Бекұлы", host.Encryptor.Decrypt(stored, PupilName.WithSubject(Held)));

        await host.Blocking.BlockAsync(Held, "accuracy disputed", BlockRequester.Subject, "operator-1");
        Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 1047);
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(stored, PupilName.WithSubject(Held))).Reason);
    }
}
