using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Subjects;

/// <summary>Resuming interrupted erasures without a request, and telling an erasure that erased nothing.</summary>
internal sealed partial class SubjectErasure
{
    /// <summary>The actor of the audit entry that says the SDK completed an interrupted erasure.</summary>
    public const string ResumeActor = "system:erasure-resume";

    /// <summary>
    /// Resumes every incomplete erasure, under the store's lock so one instance at a time does it; returns how many were
    /// completed, or null when another instance holds the lock.
    /// </summary>
    public async ValueTask<int?> ResumeIncompleteAsync(CancellationToken cancellationToken)
    {
        await _erasing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = await erasures.TryLockAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                Log.ErasureResumeLockBusy(_logger);
                return null;
            }

            await using (held.ConfigureAwait(false))
            {
                // Read under the lock: a record another instance completed a moment ago is not incomplete any more.
                var completed = 0;
                foreach (var record in await erasures.GetIncompleteAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        await ResumeAsync(record, ResumeActor, cancellationToken).ConfigureAwait(false);
                        Log.ErasureResumed(_logger, record.Id, record.RequestedAt);
                        completed++;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // One erasure whose source fails must not keep the others from completing.
                        Log.ErasureResumeFailed(_logger, record.Id, ex);
                    }
                }

                return completed;
            }
        }
        finally
        {
            _erasing.Release();
        }
    }

    // The second entry of a resumed erasure: when it was completed, by whom, and what it did. Looked for first, so an
    // interruption between appending it and saving the completion does not append it twice.
    private async ValueTask AppendCompletionAsync(ErasureRecord record, string actor, CancellationToken cancellationToken)
    {
        var detail = CompletionDetail(record);
        var entries = await audit.GetBySubjectAsync(record.SubjectId, cancellationToken).ConfigureAwait(false);
        var prefix = Detail(record.Id) + " completed";
        if (entries.Any(e => e.Operation == AuditOperation.Destroy && e.Detail?.StartsWith(prefix, StringComparison.Ordinal) == true))
        {
            return;
        }

        await audit.AppendAsync(
            new AuditEvent
            {
                Operation = AuditOperation.Destroy,
                Actor = actor,
                SubjectId = record.SubjectId,
                Purpose = record.Reason,
                Target = ErasureTarget,
                Detail = detail,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string CompletionDetail(ErasureRecord r) =>
        FormattableString.Invariant(
            $"{Detail(r.Id)} completed on resume: {r.KeysDestroyed ?? 0} keys destroyed, {r.RecordsDeleted.Values.Sum()} records deleted by {r.RecordsDeleted.Count} sources, {r.AccessRecordsDeleted ?? 0} access records deleted");

    /// <summary>No key destroyed and no source's record deleted: the id matched nothing the app holds.</summary>
    private static bool ErasedNothing(ErasureRecord r) =>
        r.IsComplete && (r.KeysDestroyed ?? 0) == 0 && (r.KeysToDestroy ?? 0) == 0 && r.RecordsDeleted.Values.All(count => count == 0);

    private async ValueTask WarnNothingErasedAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        // Ids are compared ordinally everywhere; an id that differs only in case or GUID format is the usual miss.
        var similar = (await keys.GetAllAsync(cancellationToken).ConfigureAwait(false))
            .Count(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State != FieldKeyState.Destroyed && k.SubjectId is { } id && Consent.SubjectIds.IsSimilar(id, record.SubjectId));
        if (similar > 0)
        {
            Log.NothingErasedSimilarIdHeld(_logger, record.Id, similar);
        }
        else
        {
            Log.NothingErased(_logger, record.Id, record.RecordsDeleted.Count);
        }
    }
}
