using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>
/// Erasure as a recorded workflow: the <c>Destroy</c> audit entry first, then crypto-shredding, the host's sources and
/// the access log, each step saved in the erasure's <see cref="ErasureRecord"/> so an interrupted erasure resumes.
/// </summary>
internal sealed partial class SubjectErasure(
    FieldKeyRing keyRing,
    IFieldKeyStore keys,
    IServiceScopeFactory scopes,
    IAccessLogStore accessLog,
    IConsentLedgerStore ledger,
    IErasureStore erasures,
    IPseudonymizer pseudonymizer,
    IAuditTrail audit,
    TimeProvider time,
    IOptions<PrivacyOptions> options,
    ILogger<SubjectErasure>? logger = null) : ISubjectErasure
{
    private readonly ILogger _logger = logger ?? NullLogger<SubjectErasure>.Instance;

    // The audit entry's target for an erasure of a whole subject.
    private const string ErasureTarget = "subject";

    // Erasures are rare and each is short: one at a time per instance, so two requests for one subject never both
    // start an erasure (the second finds the first's record); across instances the store's lock does the same, so a
    // request and another instance's resumption never run one erasure's steps side by side.
    private readonly SemaphoreSlim _erasing = new(1, 1);

    public async ValueTask<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubjectIds.Validate(request.SubjectId, nameof(request));
        SubjectIds.Validate(request.ErasedBy, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Reason, nameof(request));
        if (request.Reason.Length > ErasureRequest.MaxReasonLength || !AuditTrail.IsPurposeText(request.Reason))
        {
            throw new ArgumentException($"The reason is at most {ErasureRequest.MaxReasonLength} characters without control characters other than tabs and line breaks.", nameof(request));
        }

        await _erasing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var held = await erasures.TryLockAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The erasure store gave no lock after an unbounded wait.");
            await using (held.ConfigureAwait(false))
            {
                return await EraseSerializedAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _erasing.Release();
        }
    }

    private async ValueTask<ErasureResult> EraseSerializedAsync(ErasureRequest request, CancellationToken cancellationToken)
    {
        var subject = request.SubjectId;
        var record = await erasures.FindLatestAsync(subject, cancellationToken).ConfigureAwait(false);
        if (record is { IsComplete: true } && !await HoldsLiveDataAsync(subject, cancellationToken).ConfigureAwait(false))
        {
            // Erased already, and nothing was stored about the subject since: the erasure stands.
            return await ResultAsync(record, cancellationToken).ConfigureAwait(false);
        }

        if (record is null or { IsComplete: true })
        {
            if (record is null && !await IsKnownAsync(subject, cancellationToken).ConfigureAwait(false))
            {
                throw new KeyNotFoundException("Nothing is held about the subject: there is nothing to erase, and nothing was recorded.");
            }

            var now = Timestamps.Normalize(time.GetUtcNow());
            record = new ErasureRecord
            {
                Id = Guid.CreateVersion7(now),
                SubjectId = subject,
                ErasedBy = request.ErasedBy,
                Reason = request.Reason,
                RequestedAt = now,
            };
            await erasures.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return await ResultAsync(await ResumeAsync(record, resumedBy: null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the steps of <paramref name="record"/> not done yet, saving the state after each. <paramref name="resumedBy"/>
    /// is the SDK's actor when its resumption pass completes an erasure nobody asked again for: the trail then says so.
    /// </summary>
    private async ValueTask<ErasureRecord> ResumeAsync(ErasureRecord record, string? resumedBy, CancellationToken cancellationToken)
    {
        var subject = record.SubjectId;
        if (record.AuditSequence is null)
        {
            using var step = Diagnostics.PrivacyActivities.StartErasureStep("audit");

            // The evidence comes before any destruction: an erasure that destroyed something is always in the trail.
            var sequence = await FindAuditEntryAsync(record, cancellationToken).ConfigureAwait(false)
                ?? (await audit.AppendAsync(
                    new AuditEvent
                    {
                        Operation = AuditOperation.Destroy,
                        Actor = record.ErasedBy,
                        SubjectId = subject,
                        Purpose = record.Reason,
                        Target = ErasureTarget,
                        Detail = Detail(record.Id),
                    },
                    cancellationToken).ConfigureAwait(false)).Sequence;
            record = await SaveAsync(record with { AuditSequence = sequence }, cancellationToken).ConfigureAwait(false);
        }

        if (record.KeysDestroyed is null)
        {
            using var step = Diagnostics.PrivacyActivities.StartErasureStep("keys");
            // Counted before destroying, so a destruction interrupted after the store wrote it still reports its keys.
            var toDestroy = record.KeysToDestroy ?? await CountLiveKeysAsync(subject, cancellationToken).ConfigureAwait(false);
            if (record.KeysToDestroy is null)
            {
                record = await SaveAsync(record with { KeysToDestroy = toDestroy }, cancellationToken).ConfigureAwait(false);
            }

            var destroyed = await keyRing.DestroySubjectKeysAsync(subject, cancellationToken).ConfigureAwait(false);
            record = await SaveAsync(record with { KeysDestroyed = Math.Max(toDestroy, destroyed) }, cancellationToken).ConfigureAwait(false);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            foreach (var source in scope.ServiceProvider.GetServices<IPersonalDataSource>())
            {
                if (record.RecordsDeleted.ContainsKey(source.Name))
                {
                    continue;
                }

                using var step = Diagnostics.PrivacyActivities.StartErasureStep("source");
                step?.SetTag("hrplus.privacy.erasure.source", source.Name);
                var count = await source.EraseAsync(subject, cancellationToken).ConfigureAwait(false);
                var deleted = new Dictionary<string, int>(record.RecordsDeleted, StringComparer.Ordinal) { [source.Name] = count };
                record = await SaveAsync(record with { RecordsDeleted = deleted }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (record.AccessRecordsDeleted is null)
        {
            using var step = Diagnostics.PrivacyActivities.StartErasureStep("access_log");
            var accessRecords = await accessLog.DeleteBySubjectAsync(
                pseudonymizer.Pseudonymize(subject, AccessRecord.SubjectPseudonymDomain), cancellationToken).ConfigureAwait(false);
            record = await SaveAsync(record with { AccessRecordsDeleted = accessRecords }, cancellationToken).ConfigureAwait(false);
        }

        var completedAt = Timestamps.Normalize(time.GetUtcNow());
        if (resumedBy is not null)
        {
            await AppendCompletionAsync(record, resumedBy, cancellationToken).ConfigureAwait(false);
        }

        record = await SaveAsync(record with { CompletedAt = completedAt }, cancellationToken).ConfigureAwait(false);
        if (ErasedNothing(record))
        {
            await WarnNothingErasedAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    private async ValueTask<ErasureRecord> SaveAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        await erasures.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    // An erasure interrupted after its entry was appended and before the state said so: the entry names the erasure.
    private async ValueTask<long?> FindAuditEntryAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        var detail = Detail(record.Id);
        var entries = await audit.GetBySubjectAsync(record.SubjectId, cancellationToken).ConfigureAwait(false);
        return entries.LastOrDefault(e => e.Operation == AuditOperation.Destroy && e.Detail == detail)?.Sequence;
    }

    private async ValueTask<int> CountLiveKeysAsync(string subject, CancellationToken cancellationToken) =>
        (await keys.GetAllAsync(cancellationToken).ConfigureAwait(false))
            .Count(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State != FieldKeyState.Destroyed && string.Equals(k.SubjectId, subject, StringComparison.Ordinal));

    /// <summary>Whether anything erasure removes is held now: a live key, a source's record, an access record.</summary>
    private async ValueTask<bool> HoldsLiveDataAsync(string subject, CancellationToken cancellationToken)
    {
        if (await CountLiveKeysAsync(subject, cancellationToken).ConfigureAwait(false) > 0
            || (await accessLog.QueryBySubjectAsync(pseudonymizer.Pseudonymize(subject, AccessRecord.SubjectPseudonymDomain), 1, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var source in scope.ServiceProvider.GetServices<IPersonalDataSource>())
        {
            try
            {
                if ((await source.ExportAsync(subject, cancellationToken).ConfigureAwait(false)).Count > 0)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A source that cannot say (a blocked or shredded row it cannot decrypt) is taken to hold something.
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the SDK or the host has ever held anything about the subject: otherwise erasure records nothing.</summary>
    private async ValueTask<bool> IsKnownAsync(string subject, CancellationToken cancellationToken) =>
        (await keys.GetAllAsync(cancellationToken).ConfigureAwait(false)).Any(k => string.Equals(k.SubjectId, subject, StringComparison.Ordinal))
        || (await ledger.GetHistoryAsync(subject, cancellationToken).ConfigureAwait(false)).Count > 0
        || (await audit.GetBySubjectAsync(subject, cancellationToken).ConfigureAwait(false)).Count > 0
        || await HoldsLiveDataAsync(subject, cancellationToken).ConfigureAwait(false);

    private static string Detail(Guid erasureId) => "erasure " + erasureId.ToString("D");

    // The subject's keys were destroyed by the time the erasure completed: backups taken up to then hold them at most under
    // the epoch keys that existed then.
    private async ValueTask<ErasureResult> ResultAsync(ErasureRecord r, CancellationToken cancellationToken) =>
        new(r.SubjectId, r.RequestedAt, r.KeysDestroyed ?? 0, r.RecordsDeleted, r.AccessRecordsDeleted ?? 0, r.AuditSequence ?? 0)
        {
            NothingErased = ErasedNothing(r),
            BackupsUnreadableAfter = r.KeysToDestroy is > 0 || r.KeysDestroyed is > 0
                ? await keyRing.GetBackupsUnreadableAfterAsync(r.CompletedAt ?? time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                : null,
        };
}
