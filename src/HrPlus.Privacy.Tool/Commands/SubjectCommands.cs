using System.CommandLine;
using System.Text.Json;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary><c>hrplus subject export | block | unblock | erase</c>: a data subject's requests, through the SDK's services.</summary>
internal static class SubjectCommands
{
    public static Command Create(ToolEnvironment environment)
    {
        var subject = new Command("subject", "A data subject's requests: export, block, unblock, erase. Subject ids are the app's opaque ids, never an IIN.");

        var exportId = SubjectId();
        var exportOut = new Option<string>("--out", "-o") { Description = "The file the export is written to (JSON; holds personal data).", Required = true };
        var exportActor = GlobalOptions.Actor();
        var export = new Command("export", "Writes everything held about the subject to a file; prints only where it went.") { exportId, exportOut, exportActor };
        CommandRunner.SetAction(export, environment, (c, ct) => ExportAsync(c, c.Parse.GetValue(exportId)!, c.Parse.GetValue(exportOut)!, c.Parse.GetValue(exportActor)!, ct));
        subject.Add(export);

        var blockId = SubjectId();
        var blockReason = new Option<string>("--reason") { Description = "Why the subject is blocked (kept in the block record and the audit trail).", Required = true };
        var requester = new Option<BlockRequester>("--requester") { Description = "Who asked: Subject, LegalRepresentative, AuthorizedBody or Operator (default).", DefaultValueFactory = _ => BlockRequester.Operator };
        var blockActor = GlobalOptions.Actor();
        var block = new Command("block", "Blocks the subject's data: it stays stored but is no longer decrypted for normal use.") { blockId, blockReason, requester, blockActor };
        CommandRunner.SetAction(block, environment, (c, ct) => BlockAsync(c, c.Parse.GetValue(blockId)!, c.Parse.GetValue(blockReason)!, c.Parse.GetValue(requester), c.Parse.GetValue(blockActor)!, ct));
        subject.Add(block);

        var unblockId = SubjectId();
        var unblockActor = GlobalOptions.Actor();
        var unblock = new Command("unblock", "Lifts the subject's active block.") { unblockId, unblockActor };
        CommandRunner.SetAction(unblock, environment, (c, ct) => UnblockAsync(c, c.Parse.GetValue(unblockId)!, c.Parse.GetValue(unblockActor)!, ct));
        subject.Add(unblock);

        var eraseId = SubjectId();
        var eraseReason = new Option<string>("--reason") { Description = "Why the data is destroyed (the request, the law's ground).", Required = true };
        var eraseActor = GlobalOptions.Actor();
        var yes = GlobalOptions.Yes();
        var erase = new Command("erase", "Destroys everything held about the subject (asks first unless --yes) and prints when restored backups stop holding it.") { eraseId, eraseReason, eraseActor, yes };
        CommandRunner.SetAction(erase, environment, (c, ct) => EraseAsync(c, c.Parse.GetValue(eraseId)!, c.Parse.GetValue(eraseReason)!, c.Parse.GetValue(eraseActor)!, c.Parse.GetValue(yes), ct));
        subject.Add(erase);
        return subject;
    }

    private static Argument<string> SubjectId() => new("id") { Description = "The subject's opaque id." };

    private static async Task<int> ExportAsync(CommandContext context, string subjectId, string outFile, string actor, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(outFile);
        if (File.Exists(path))
        {
            throw new ToolException(ExitCodes.Refused, $"'{path}' exists already: the tool does not overwrite an export.");
        }

        var host = await context.HostAsync().ConfigureAwait(false);
        await using var scope = host.Services.CreateAsyncScope();
        var document = await scope.ServiceProvider.GetRequiredService<ISubjectDataExport>().ExportAsync(subjectId, actor, cancellationToken).ConfigureAwait(false);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await using var writer = new StreamWriter(file);
            await writer.WriteAsync(document).ConfigureAwait(false);
        }

        var bytes = new FileInfo(path).Length;
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("subjectId", subjectId);
            json.WriteString("file", path);
            json.WriteNumber("bytes", bytes);
            json.WriteEndObject();
        });
        context.Output.Line($"Exported subject {subjectId} to {path} ({bytes} bytes). The file holds personal data: hand it over and delete it.");
        return ExitCodes.Success;
    }

    private static async Task<int> BlockAsync(CommandContext context, string subjectId, string reason, BlockRequester requester, string actor, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        await using var scope = host.Services.CreateAsyncScope();
        var block = await scope.ServiceProvider.GetRequiredService<ISubjectBlocking>().BlockAsync(subjectId, reason, requester, actor, cancellationToken).ConfigureAwait(false);
        WriteBlock(context, block);
        context.Output.Line($"Subject {subjectId} blocked (block {block.Id:D}, requested by {block.Requester}).");
        return ExitCodes.Success;
    }

    private static async Task<int> UnblockAsync(CommandContext context, string subjectId, string actor, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        await using var scope = host.Services.CreateAsyncScope();
        var block = await scope.ServiceProvider.GetRequiredService<ISubjectBlocking>().UnblockAsync(subjectId, actor, cancellationToken).ConfigureAwait(false);
        WriteBlock(context, block);
        context.Output.Line($"Subject {subjectId} unblocked (block {block.Id:D}).");
        return ExitCodes.Success;
    }

    private static void WriteBlock(CommandContext context, SubjectBlock block) => context.Output.WriteJson(json =>
    {
        json.WriteStartObject();
        json.WriteString("subjectId", block.SubjectId);
        json.WriteString("blockId", block.Id);
        json.WriteBoolean("active", block.IsActive);
        json.WriteString("requester", block.Requester.ToString());
        json.WriteString("blockedBy", block.BlockedBy);
        json.WriteString("blockedAt", block.BlockedAt);
        if (block.UnblockedAt is { } at)
        {
            json.WriteString("unblockedBy", block.UnblockedBy);
            json.WriteString("unblockedAt", at);
        }

        json.WriteEndObject();
    });

    private static async Task<int> EraseAsync(CommandContext context, string subjectId, string reason, string actor, bool yes, CancellationToken cancellationToken)
    {
        var host = await context.HostAsync().ConfigureAwait(false);
        if (!context.Output.Confirm($"Erase everything held about subject {subjectId}? This cannot be undone.", yes))
        {
            return CommandRunner.Fail(context.Output, ExitCodes.NotConfirmed, $"Subject {subjectId} was not erased: not confirmed (--yes skips the question).");
        }

        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISubjectErasure>()
            .EraseAsync(new ErasureRequest { SubjectId = subjectId, ErasedBy = actor, Reason = reason }, cancellationToken).ConfigureAwait(false);
        var backups = result.BackupsUnreadableAfter is { } after
            ? $"Restored backups taken before the erasure can no longer decrypt the subject's values after {after.UtcDateTime:yyyy-MM-dd HH:mm} UTC."
            : "The subject had no key of their own: a restored backup taken before the erasure still holds their values until it expires; erase them again after a restore.";
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("subjectId", result.SubjectId);
            json.WriteString("erasedAt", result.ErasedAt);
            json.WriteNumber("keysDestroyed", result.KeysDestroyed);
            json.WriteBoolean("nothingErased", result.NothingErased);
            json.WriteStartObject("recordsDeleted");
            foreach (var (source, count) in result.RecordsDeleted.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(source, count);
            }

            json.WriteEndObject();
            json.WriteNumber("accessRecordsDeleted", result.AccessRecordsDeleted);
            json.WriteNumber("auditSequence", result.AuditSequence);
            if (result.BackupsUnreadableAfter is { } unreadable)
            {
                json.WriteString("backupsUnreadableAfter", unreadable);
            }
            else
            {
                json.WriteNull("backupsUnreadableAfter");
            }

            json.WriteEndObject();
        });
        context.Output.Line($"Subject {subjectId} erased: {result.KeysDestroyed} keys destroyed, {result.RecordsDeleted.Values.Sum()} records and {result.AccessRecordsDeleted} access records deleted (audit entry {result.AuditSequence}).");
        context.Output.Line(backups);
        return ExitCodes.Success;
    }
}
