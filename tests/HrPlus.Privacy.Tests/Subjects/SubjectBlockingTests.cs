using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;

namespace HrPlus.Privacy.Tests.Subjects;

public sealed class SubjectBlockingTests
{
    private static readonly FieldContext PupilIin = FieldContext.For("Pupil", "Iin");

    [Fact]
    public async Task Block_DecryptionUnderTheSubjectsContext_FailsWithSubjectBlocked_UnblockRestoresIt()
    {
        using var host = new SubjectTestHost(perSubjectKeys: false);
        var mine = host.Encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        var other = host.Encryptor.Encrypt("100412500400", PupilIin.WithSubject("pupil-2"));

        var block = await host.Blocking.BlockAsync("pupil-1", "accuracy disputed by the parent, request 2026-41", BlockRequester.LegalRepresentative, "operator-7");

        Assert.True(block.IsActive);
        Assert.True(host.Blocking.IsBlocked("pupil-1"));
        Assert.False(host.Blocking.IsBlocked("pupil-2"));
        var text = Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(mine, PupilIin.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, text.Reason);
        Assert.DoesNotContain("pupil-1", text.Message, StringComparison.Ordinal);

        var binary = new byte[FieldCiphertext.GetCiphertextLength(12)];
        host.Encryptor.Encrypt("100412500013"u8, binary, PupilIin.WithSubject("pupil-1"));
        var span = Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(binary, new byte[12], PupilIin.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, span.Reason);
        Assert.Equal("100412500400", host.Encryptor.Decrypt(other, PupilIin.WithSubject("pupil-2")));

        var ended = await host.Blocking.UnblockAsync("pupil-1", "operator-8");

        Assert.False(ended.IsActive);
        Assert.Equal("operator-8", ended.UnblockedBy);
        Assert.Equal(host.Time.GetUtcNow(), ended.UnblockedAt);
        Assert.Equal("100412500013", host.Encryptor.Decrypt(mine, PupilIin.WithSubject("pupil-1")));
    }

    [Fact]
    public async Task WithSubject_AndWithRow_ShareTheAssociatedData()
    {
        using var host = new SubjectTestHost(perSubjectKeys: false);
        var bySubject = host.Encryptor.Encrypt("Әлихан", PupilIin.WithSubject("pupil-1"));
        var byRow = host.Encryptor.Encrypt("Әлихан", PupilIin.WithRow("pupil-1"));

        Assert.Equal("Әлихан", host.Encryptor.Decrypt(bySubject, PupilIin.WithRow("pupil-1")));
        Assert.Equal("Әлихан", host.Encryptor.Decrypt(byRow, PupilIin.WithSubject("pupil-1")));
        Assert.Equal("Pupil.Iin[subject]", PupilIin.WithSubject("pupil-1").ToString());
        Assert.NotEqual(PupilIin.WithRow("pupil-1"), PupilIin.WithSubject("pupil-1"));
        var copied = Assert.Throws<FieldDecryptionException>(() => host.Encryptor.Decrypt(bySubject, PupilIin.WithSubject("pupil-2")));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, copied.Reason);
    }

    [Fact]
    public async Task Block_ConsentGrantsForTheSubject_AreRefused()
    {
        using var host = new SubjectTestHost();
        await host.Policies.PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material });
        await host.Blocking.BlockAsync("parent-3", "objection under review", BlockRequester.Subject, "parent-3");

        var refused = await Assert.ThrowsAsync<ConsentRejectedException>(async () => await host.Consents.GrantAsync(Request("parent-3")));

        Assert.Equal(ConsentRejectionReason.SubjectBlocked, refused.Reason);
        Assert.Empty(await host.Consents.GetHistoryAsync("parent-3"));
        await host.Blocking.UnblockAsync("parent-3", "operator-1");
        var granted = await host.Consents.GrantAsync(Request("parent-3"));
        Assert.Equal(ConsentEventKind.Granted, granted.Kind);
    }

    [Fact]
    public async Task BlockTwice_AndUnblockWhenNotBlocked_AreRefused()
    {
        using var host = new SubjectTestHost();
        await host.Blocking.BlockAsync("pupil-1", "check", BlockRequester.AuthorizedBody, "operator-1");

        var twice = await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.Blocking.BlockAsync("pupil-1", "again", BlockRequester.Subject, "operator-1"));
        var notBlocked = await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.Blocking.UnblockAsync("pupil-2", "operator-1"));

        Assert.Equal("The subject is blocked already.", twice.Message);
        Assert.Equal("The subject is not blocked.", notBlocked.Message);
        Assert.Single(await host.Shared.Blocks.GetActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Block_InvalidArguments_AreRefusedWithoutEchoingAnIin()
    {
        using var host = new SubjectTestHost();
        Assert.True(Iin.Create(new DateOnly(2014, 5, 6), Sex.Female, 77, out var iin));

        var asId = await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.BlockAsync(iin.ToString(), "check", BlockRequester.Subject, "operator-1"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.BlockAsync("pupil-1", " ", BlockRequester.Subject, "operator-1"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await host.Blocking.BlockAsync("pupil-1", new string('x', 1001), BlockRequester.Subject, "operator-1"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await host.Blocking.BlockAsync("pupil-1", "check", (BlockRequester)99, "operator-1"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.BlockAsync("pupil\u00001", "check", BlockRequester.Subject, "operator-1"));

        Assert.DoesNotContain(iin.ToString(), asId.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Shared.Blocks.GetActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task BlockAndUnblock_AreAudited_VerificationDecryptsAndIsAudited()
    {
        using var host = new SubjectTestHost(perSubjectKeys: false);
        var stored = host.Encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.LegalRepresentative, "operator-7");

        var value = await host.Blocking.DecryptForVerificationAsync(stored, PupilIin.WithSubject("pupil-1"), "operator-7", "verify-accuracy");
        await host.Blocking.UnblockAsync("pupil-1", "operator-7");

        Assert.Equal("100412500013", value);
        var entries = await host.Audit.GetBySubjectAsync("pupil-1");
        Assert.Equal([AuditOperation.Block, AuditOperation.Decrypt, AuditOperation.Unblock], entries.Select(e => e.Operation));
        Assert.All(entries, e => Assert.Equal("operator-7", e.Actor));
        Assert.Equal("LegalRepresentative", entries[0].Target);
        Assert.Equal("verify-accuracy", entries[1].Purpose);
        Assert.Equal("Pupil.Iin", entries[1].Target);
        Assert.All(entries, e => Assert.DoesNotContain("100412500013", (e.Detail ?? string.Empty) + e.Target + e.Purpose, StringComparison.Ordinal));
        Assert.True((await host.Audit.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Block_OnOneInstance_IsSeenByAnotherWithinTheCacheDuration()
    {
        var shared = new SubjectTestHost.SharedStores();
        using var a = new SubjectTestHost(perSubjectKeys: false, shared: shared);
        using var b = new SubjectTestHost(time: a.Time, perSubjectKeys: false, shared: shared);
        var stored = a.Encryptor.Encrypt("100412500013", PupilIin.WithSubject("pupil-1"));
        Assert.Equal("100412500013", b.Encryptor.Decrypt(stored, PupilIin.WithSubject("pupil-1")));

        await a.Blocking.BlockAsync("pupil-1", "check", BlockRequester.Subject, "operator-1");

        // B loaded its set before the block and keeps it until the cache duration (10 s by default) has passed.
        Assert.False(b.Blocking.IsBlocked("pupil-1"));
        a.Time.Advance(TimeSpan.FromSeconds(10));
        _ = b.Blocking.IsBlocked("pupil-1");     // starts the background reload
        Assert.True(SpinWait.SpinUntil(() => b.Blocking.IsBlocked("pupil-1"), TimeSpan.FromSeconds(10)));
        var refused = Assert.Throws<FieldDecryptionException>(() => b.Encryptor.Decrypt(stored, PupilIin.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, refused.Reason);
    }

    [Fact]
    public async Task BlockHistory_KeepsEndedBlocksInOrder()
    {
        using var host = new SubjectTestHost();
        await host.Blocking.BlockAsync("pupil-1", "first", BlockRequester.Subject, "operator-1");
        await host.Blocking.UnblockAsync("pupil-1", "operator-1");
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.Blocking.BlockAsync("pupil-1", "second", BlockRequester.AuthorizedBody, "operator-2");

        var history = await host.Shared.Blocks.GetBySubjectAsync("pupil-1", CancellationToken.None);

        Assert.Equal(["first", "second"], history.Select(b => b.Reason));
        Assert.Equal([false, true], history.Select(b => b.IsActive));
    }

    private static ConsentRequest Request(string subject) => new()
    {
        SubjectId = subject,
        Purpose = ConsentPurposes.NewsAndOffers,
        PolicyVersion = 1,
        Language = "ru",
        GivenBy = ConsentGiver.Subject,
        DataCategories = ["full-name"],
    };
}
