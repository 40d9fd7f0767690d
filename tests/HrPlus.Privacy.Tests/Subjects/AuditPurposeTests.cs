using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Subjects;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>Every audit entry of blocking and export carries the actor and a purpose (DESIGN section 9).</summary>
public sealed class AuditPurposeTests
{
    [Fact]
    public async Task BlockAndUnblock_RecordTheBlocksWholeReasonAsThePurpose()
    {
        var reason = "accuracy disputed by the parent,\r\nrequest 2026-41\t" + new string('r', SubjectBlock.MaxReasonLength - 50);
        using var host = new SubjectTestHost();

        await host.Blocking.BlockAsync("pupil-1", reason, BlockRequester.LegalRepresentative, "operator-7");
        await host.Blocking.UnblockAsync("pupil-1", "operator-8");

        var entries = await host.Audit.GetBySubjectAsync("pupil-1");
        Assert.Equal(SubjectBlock.MaxReasonLength, reason.Length);
        Assert.Equal(
            [(AuditOperation.Block, "operator-7", reason), (AuditOperation.Unblock, "operator-8", reason)],
            entries.Select(e => (e.Operation, e.Actor, e.Purpose)));
    }

    [Fact]
    public async Task Export_RecordsTheDocumentedDefaultPurpose()
    {
        using var host = new SubjectTestHost();

        await host.Export.ExportAsync("pupil-1", "operator-3");

        var entry = Assert.Single(await host.Audit.GetBySubjectAsync("pupil-1"));
        Assert.Equal((AuditOperation.Export, "operator-3", "subject-access"), (entry.Operation, entry.Actor, entry.Purpose));
        Assert.Equal(SubjectDataExport.AuditPurpose, entry.Purpose);
    }

    [Fact]
    public async Task Block_ReasonWithAControlCharacter_IsRefusedBeforeAnythingIsStored()
    {
        using var host = new SubjectTestHost();

        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Blocking.BlockAsync("pupil-1", "bell\u0007", BlockRequester.Subject, "pupil-1"));

        Assert.False(host.Blocking.IsBlocked("pupil-1"));
        Assert.Empty(await host.Shared.Blocks.GetBySubjectAsync("pupil-1", CancellationToken.None));
        Assert.Empty(await host.Audit.GetBySubjectAsync("pupil-1"));
    }
}
