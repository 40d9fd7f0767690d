using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Subjects;

public sealed class SubjectErasureTests
{
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    [Fact]
    public async Task Erase_DestroysOnlyThatSubjectsKey_DeletesTheirRecordsAndAccessLog_AndIsAudited()
    {
        var pupils = new PupilTable();
        pupils.Add("pupil-1", new PersonalDataRecord("pupil", "1", [new("full_name", "Әлихан Бекұлы")]));
        pupils.Add("pupil-1", new PersonalDataRecord("assessment", "9", [new("result", "B")]));
        pupils.Add("pupil-2", new PersonalDataRecord("pupil", "2", [new("full_name", "Алина Иванова")]));
        using var host = new SubjectTestHost(sources: pupils);
        var first = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject("pupil-1"));
        var second = host.Encryptor.Encrypt("Алина Иванова", PupilName.WithSubject("pupil-2"));
        var shared = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithRow("pupil-1"));
        await AddAccessRecordsAsync(host, "pupil-1", 3);
        await AddAccessRecordsAsync(host, "pupil-2", 2);

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-4", Reason = "subject request 2026-17" });

        Assert.Equal("pupil-1", result.SubjectId);
        Assert.Equal(1, result.KeysDestroyed);
        Assert.Equal(2, result.RecordsDeleted["pupils"]);
        Assert.Equal(3, result.AccessRecordsDeleted);
        Assert.Equal(host.Time.GetUtcNow(), result.ErasedAt);
        var destroyed = Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(first, PupilName.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, destroyed.Reason);
        Assert.Equal("Алина Иванова", host.Encryptor.Decrypt(second, PupilName.WithSubject("pupil-2")));

        // A context without the subject mark uses the shared key: that value is not shredded.
        Assert.Equal("Әлихан Бекұлы", host.Encryptor.Decrypt(shared, PupilName.WithRow("pupil-1")));
        Assert.Equal(["pupil-1"], pupils.Erased);
        Assert.Empty(await pupils.ExportAsync("pupil-1", CancellationToken.None));
        Assert.Single(await pupils.ExportAsync("pupil-2", CancellationToken.None));
        var log = host.Shared.AccessLog;
        var pseudonymizer = host.Services.GetRequiredService<IPseudonymizer>();
        Assert.Empty(await log.QueryBySubjectAsync(pseudonymizer.Pseudonymize("pupil-1", AccessRecord.SubjectPseudonymDomain), 100, CancellationToken.None));
        Assert.Equal(2, (await log.QueryBySubjectAsync(pseudonymizer.Pseudonymize("pupil-2", AccessRecord.SubjectPseudonymDomain), 100, CancellationToken.None)).Count);

        var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal(AuditOperation.Destroy, entry.Operation);
        Assert.Equal("operator-4", entry.Actor);
        Assert.Equal("subject request 2026-17", entry.Purpose);
        Assert.Equal("subject", entry.Target);
        var erasure = await host.Shared.Erasures.FindLatestAsync("pupil-1", CancellationToken.None);
        Assert.Equal("erasure " + erasure!.Id.ToString("D"), entry.Detail);
        Assert.True(erasure.IsComplete);
        Assert.Equal(result.AuditSequence, entry.Sequence);
    }

    [Fact]
    public async Task Erase_AfterErasure_TheSubjectsNewDataGetsANewKey()
    {
        using var host = new SubjectTestHost();
        var old = host.Encryptor.Encrypt("first life", PupilName.WithSubject("pupil-1"));
        await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request" });

        var fresh = host.Encryptor.Encrypt("re-enrolled", PupilName.WithSubject("pupil-1"));

        Assert.Equal("re-enrolled", host.Encryptor.Decrypt(fresh, PupilName.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(old, PupilName.WithSubject("pupil-1"))).Reason);
        Assert.True(host.Encryptor.IsUnderCurrentKey(fresh));
    }

    [Fact]
    public async Task SubjectKey_MadeByOneInstance_IsReusedByAnother_AndEveryKeyOfTheSubjectIsDestroyed()
    {
        var shared = new SubjectTestHost.SharedStores();
        using var a = new SubjectTestHost(shared: shared);
        using var b = new SubjectTestHost(time: a.Time, shared: shared);
        _ = b.Encryptor.Encrypt("warm-up", PupilName);        // B loads its key ring before A meets the subject
        var fromA = a.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        var fromB = b.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));    // B reads the store before making a key
        var subjectKeys = (await shared.Keys.GetAllAsync(CancellationToken.None)).Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption).ToList();
        var key = Assert.Single(subjectKeys);
        Assert.Equal("pupil-1", key.SubjectId);

        // Two instances that meet the subject at the same instant can still each store a key: simulate the second.
        a.Time.Advance(TimeSpan.FromSeconds(1));
        await shared.Keys.TryAddAsync(key with { Id = key.Id ^ 0x5A5A5A5A, CreatedAt = a.Time.GetUtcNow(), ActivatesAt = a.Time.GetUtcNow() }, CancellationToken.None);
        using var c = new SubjectTestHost(time: a.Time, shared: shared);
        var fromC = c.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));
        Assert.Equal("Әлихан", a.Encryptor.Decrypt(fromC, PupilName.WithSubject("pupil-1")));

        var result = await a.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request" });

        Assert.Equal(2, result.KeysDestroyed);
        Assert.All(
            (await shared.Keys.GetAllAsync(CancellationToken.None)).Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption),
            k =>
            {
                Assert.Equal(FieldKeyState.Destroyed, k.State);
                Assert.Null(k.WrappedKey);
            });
        foreach (var value in new[] { fromA, fromB, fromC })
        {
            Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => a.Encryptor.Decrypt(value, PupilName.WithSubject("pupil-1"))).Reason);
        }
    }

    [Fact]
    public async Task Erase_WithoutPerSubjectKeys_DestroysNoKeyAndStillDeletesRecords()
    {
        var pupils = new PupilTable();
        pupils.Add("pupil-1", new PersonalDataRecord("pupil", "1", [new("full_name", "Әлихан")]));
        using var host = new SubjectTestHost(perSubjectKeys: false, sources: pupils);
        var stored = host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request" });

        Assert.Equal(0, result.KeysDestroyed);
        Assert.Equal(1, result.RecordsDeleted["pupils"]);
        Assert.Equal("Әлихан", host.Encryptor.Decrypt(stored, PupilName.WithSubject("pupil-1")));
        Assert.DoesNotContain(host.Services.GetRequiredService<IFieldKeyRing>().GetKeys(), k => k.Purpose == FieldKeyPurpose.SubjectEncryption);
    }

    [Fact]
    public async Task Erase_BadRequests_AreRefusedBeforeAnythingIsDestroyed()
    {
        using var host = new SubjectTestHost();
        var stored = host.Encryptor.Encrypt("Әлихан", PupilName.WithSubject("pupil-1"));

        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "100412500013", ErasedBy = "operator-1", Reason = "request" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "", Reason = "request" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = " " }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = new string('r', 257) }));

        Assert.Equal("Әлихан", host.Encryptor.Decrypt(stored, PupilName.WithSubject("pupil-1")));
        Assert.Empty(await host.Audit.GetBySubjectAsync("pupil-1"));
    }

    [Fact]
    public async Task DueForDestruction_FollowsTheRetentionTermAfterWithdrawalOrExpiry()
    {
        using var host = new SubjectTestHost(configure: o =>
        {
            o.Subjects.RetentionTerms[ConsentPurposes.NewsAndOffers] = TimeSpan.FromDays(30);
            o.Subjects.RetentionTerms[ConsentPurposes.Advertising] = TimeSpan.FromDays(10);
        });
        var start = host.Time.GetUtcNow();
        await host.Policies.PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material });
        await host.Consents.GrantAsync(Grant("parent-1", ConsentPurposes.NewsAndOffers));
        await host.Consents.GrantAsync(Grant("parent-2", ConsentPurposes.Advertising, expiresAt: start.AddDays(5)));
        await host.Consents.GrantAsync(Grant("parent-3", ConsentPurposes.NewsAndOffers));
        await host.Consents.GrantAsync(Grant("parent-4", ConsentPurposes.Identification));   // no retention term: never listed
        host.Time.Advance(TimeSpan.FromDays(1));
        var withdrawnAt = host.Time.GetUtcNow();
        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-1", Purpose = ConsentPurposes.NewsAndOffers });
        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-4", Purpose = ConsentPurposes.Identification });

        Assert.Empty(await host.Erasure.GetDueForDestructionAsync(start.AddDays(14)));

        var at15 = await host.Erasure.GetDueForDestructionAsync(start.AddDays(15));
        var advertising = Assert.Single(at15);
        Assert.Equal(new RetentionDue("parent-2", ConsentPurposes.Advertising, start.AddDays(5), start.AddDays(15), start.AddDays(16)), advertising);
        Assert.False(advertising.IsOverdue(start.AddDays(16)));
        Assert.True(advertising.IsOverdue(start.AddDays(16).AddTicks(1)));

        var at31 = await host.Erasure.GetDueForDestructionAsync(withdrawnAt.AddDays(30));
        Assert.Equal(["parent-2", "parent-1"], at31.Select(d => d.SubjectId));
        Assert.Equal(new RetentionDue("parent-1", ConsentPurposes.NewsAndOffers, withdrawnAt, withdrawnAt.AddDays(30), withdrawnAt.AddDays(31)), at31[1]);

        host.Time.Advance(TimeSpan.FromDays(20));
        await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "parent-2", ErasedBy = "system:retention", Reason = "retention term ended" });
        Assert.Equal(["parent-1"], (await host.Erasure.GetDueForDestructionAsync(withdrawnAt.AddDays(30))).Select(d => d.SubjectId));
    }

    [Fact]
    public void Options_NegativeTerms_FailValidationAtStart()
    {
        using var host = new SubjectTestHost(configure: o =>
        {
            o.Subjects.RetentionTerms["news-offers"] = TimeSpan.FromDays(-1);
            o.Subjects.DestructionPeriod = TimeSpan.FromHours(-1);
        });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.Erasure);

        Assert.Contains("PrivacyOptions.Subjects.RetentionTerms[\"news-offers\"] must not be negative.", error.Failures);
        Assert.Contains("PrivacyOptions.Subjects.DestructionPeriod must not be negative.", error.Failures);
    }

    private static ConsentRequest Grant(string subject, string purpose, DateTimeOffset? expiresAt = null) => new()
    {
        SubjectId = subject,
        Purpose = purpose,
        PolicyVersion = 1,
        Language = "ru",
        GivenBy = ConsentGiver.Subject,
        ExpiresAt = expiresAt,
        DataCategories = ["e-mail"],
    };

    private static async Task AddAccessRecordsAsync(SubjectTestHost host, string subject, int count)
    {
        var pseudonym = host.Services.GetRequiredService<IPseudonymizer>().Pseudonymize(subject, AccessRecord.SubjectPseudonymDomain);
        var records = Enumerable.Range(0, count).Select(i => new AccessRecord
        {
            Timestamp = host.Time.GetUtcNow().AddSeconds(i),
            Method = "GET",
            Path = "/pupils",
            CookieNames = [],
            StatusCode = 200,
            DurationMilliseconds = 1,
            SubjectPseudonym = pseudonym,
        }).ToList();
        await host.Shared.AccessLog.AppendAsync(records, [], CancellationToken.None);
    }
}
