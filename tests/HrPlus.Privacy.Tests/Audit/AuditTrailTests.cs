using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Audit;

public sealed class AuditTrailTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly InMemoryAuditStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public AuditTrailTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
#pragma warning disable CS0618 // these tests keep the obsolete HMAC checkpoints working for hosts that still set a key
        services.AddHrPlusPrivacy(o => o.Audit.CheckpointKey = Key).UseInMemoryFieldKeys().UseInMemoryStores();
#pragma warning restore CS0618
        services.AddSingleton<IAuditStore>(_store);
        _services = services.BuildServiceProvider();
        Trail = _services.GetRequiredService<IAuditTrail>();
    }

    private IAuditTrail Trail { get; }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Seal_MatchesTheIndependentImplementation()
    {
        var entry = AuditChain.Seal(
            new AuditEntry
            {
                EntryId = Guid.Parse("0192f3a0-0000-7000-8000-0000000000aa"),
                OccurredAt = new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero),
                Operation = AuditOperation.Export,
                Actor = "operator-1",
                SubjectId = "pupil-7",
                Purpose = "subject-access",
                Target = "export",
                Detail = null,
            },
            0,
            AuditChain.GenesisHash);

        Assert.Equal(1, entry.Sequence);
        Assert.Equal("41bcf90e6495109ff777c09e347453abc5fb0d6e52012a82c07ccb4a181e498e", entry.Hash);
    }

    [Fact]
    public async Task Verify_AgainstACheckpointOfTheEmptyTrail_IsIntactBeforeAndAfterAppends()
    {
        var empty = await Trail.CreateCheckpointAsync();
        var before = await Trail.VerifyAsync(empty);
        await Trail.AppendAsync(Event(AuditOperation.Access, "pupil-1"));
        await Trail.AppendAsync(Event(AuditOperation.Export, "pupil-1"));

        var after = await Trail.VerifyAsync(empty);

        Assert.Equal((0L, AuditChain.GenesisHash), (empty.Sequence, empty.HeadHash));
        Assert.Equal((true, 0L), (before.IsIntact, before.EntryCount));
        Assert.Equal((true, 2L), (after.IsIntact, after.EntryCount));
    }

    [Fact]
    public async Task Append_RecordsWhoWhatWhoseAndWhy_InOrder()
    {
        var first = await Trail.AppendAsync(Event(AuditOperation.Access, "pupil-1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await Trail.AppendAsync(Event(AuditOperation.Export, "pupil-1"));
        await Trail.AppendAsync(Event(AuditOperation.Access, "pupil-2"));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(_time.GetUtcNow(), second.OccurredAt);
        Assert.Equal([AuditOperation.Access, AuditOperation.Export], (await Trail.GetBySubjectAsync("pupil-1")).Select(e => e.Operation));
        Assert.True((await Trail.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Append_PersonalDataWhereIdsBelong_IsRefusedWithoutEchoingIt()
    {
        Assert.True(Iin.Create(new DateOnly(2011, 5, 6), Sex.Male, 21, out var iin));

        var actor = await Assert.ThrowsAsync<ArgumentException>(async () => await Trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = iin.ToString() }));
        var subject = await Assert.ThrowsAsync<ArgumentException>(async () => await Trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "a", SubjectId = iin.ToString() }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Trail.AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "a", Detail = "line\nbreak" }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Trail.AppendAsync(new AuditEvent { Operation = (AuditOperation)99, Actor = "a" }));

        Assert.DoesNotContain(iin.ToString(), actor.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(iin.ToString(), subject.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Tamper_EditDeleteReorder_AreFoundAtTheirPosition()
    {
        var entries = await SeedAsync(6);

        _store.ReplaceForTests(2, entries[2] with { Actor = "someone-else" });
        Assert.Equal((3L, ChainBreak.Edited), Break(await Trail.VerifyAsync()));

        _store.ReplaceForTests(2, entries[2]);
        _store.RemoveForTests(4);
        Assert.Equal((5L, ChainBreak.Missing), Break(await Trail.VerifyAsync()));

        _store.ReplaceForTests(1, entries[3] with { Sequence = 2 });
        Assert.Equal((2L, ChainBreak.Relinked), Break(await Trail.VerifyAsync()));
    }

    [Fact]
    public async Task Tamper_TailCutOff_IsFoundOnlyThroughTheCheckpoint()
    {
        await SeedAsync(5);
        var checkpoint = await Trail.CreateCheckpointAsync();
        Assert.Equal(5, checkpoint.Sequence);

        _store.RemoveForTests(4);
        _store.RemoveForTests(3);

        Assert.True((await Trail.VerifyAsync()).IsIntact);
        var result = await Trail.VerifyAsync(AuditCheckpoint.Parse(checkpoint.ToString()));
        Assert.Equal((4L, ChainBreak.Truncated), Break(result));
    }

    [Fact]
    public async Task Tamper_TailRewrittenAndRehashed_IsFoundThroughTheCheckpoint()
    {
        var entries = await SeedAsync(3);
        var checkpoint = await Trail.CreateCheckpointAsync();
        var forged = entries[2] with { Detail = "nothing happened" };
        _store.ReplaceForTests(2, forged with { Hash = AuditChain.ComputeHash(forged) });

        Assert.True((await Trail.VerifyAsync()).IsIntact);
        Assert.Equal((3L, ChainBreak.Rewritten), Break(await Trail.VerifyAsync(checkpoint)));
    }

    [Fact]
    public async Task Checkpoint_ForgedOrAltered_IsRejected()
    {
        await SeedAsync(2);
        var checkpoint = await Trail.CreateCheckpointAsync();

        Assert.Equal(ChainBreak.CheckpointInvalid, (await Trail.VerifyAsync(checkpoint with { Sequence = 1 })).Break);
        Assert.Equal(ChainBreak.CheckpointInvalid, (await Trail.VerifyAsync(checkpoint with { Signature = new string('0', 64) })).Break);
        Assert.True((await Trail.VerifyAsync(checkpoint)).IsIntact);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hrplus-audit-checkpoint/1 5")]
    [InlineData("hrplus-audit-checkpoint/2 5 0000000000000000000000000000000000000000000000000000000000000000 1 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("hrplus-audit-checkpoint/1 -5 0000000000000000000000000000000000000000000000000000000000000000 1 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("hrplus-audit-checkpoint/1 5 ZZ00000000000000000000000000000000000000000000000000000000000000 1 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("hrplus-audit-checkpoint/1 5 0000000000000000000000000000000000000000000000000000000000000000 99999999999999999999 0000000000000000000000000000000000000000000000000000000000000000")]
    public void Checkpoint_Parse_RejectsHostileText(string text)
    {
        var error = Assert.Throws<FormatException>(() => AuditCheckpoint.Parse(text));
        Assert.DoesNotContain("ZZ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_WithoutAKey_SaysWhatToSet()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await provider.GetRequiredService<IAuditTrail>().CreateCheckpointAsync());

        Assert.Contains("PrivacyOptions.Audit.CheckpointKey", error.Message, StringComparison.Ordinal);
    }

    private static (long?, ChainBreak) Break(ChainVerificationResult result) => (result.FirstBrokenPosition, result.Break);

    private static AuditEvent Event(AuditOperation operation, string subject) => new()
    {
        Operation = operation,
        Actor = "operator-1",
        SubjectId = subject,
        Purpose = "identification",
        Target = "Pupil",
    };

    private async Task<List<AuditEntry>> SeedAsync(int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            entries.Add(await Trail.AppendAsync(Event(AuditOperation.Access, $"pupil-{i}")));
        }

        return entries;
    }
}
