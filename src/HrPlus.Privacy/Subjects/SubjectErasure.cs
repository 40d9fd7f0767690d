using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>Erasure by crypto-shredding plus the host's sources, and the retention query over the consent ledger.</summary>
internal sealed class SubjectErasure(
    FieldKeyRing keyRing,
    IServiceScopeFactory scopes,
    IAccessLogStore accessLog,
    IConsentLedgerStore ledger,
    IPseudonymizer pseudonymizer,
    IAuditTrail audit,
    TimeProvider time,
    IOptions<PrivacyOptions> options) : ISubjectErasure
{
    // The audit entry's target for an erasure of a whole subject; the retention query looks for it.
    private const string ErasureTarget = "subject";

    public async ValueTask<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubjectIds.Validate(request.SubjectId, nameof(request));
        SubjectIds.Validate(request.ErasedBy, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Reason, nameof(request));
        if (request.Reason.Length > ErasureRequest.MaxReasonLength)
        {
            throw new ArgumentException($"The reason is at most {ErasureRequest.MaxReasonLength} characters.", nameof(request));
        }

        var subject = request.SubjectId;

        // Keys first: from this moment every copy of the subject's ciphertexts is unreadable, whatever happens next.
        var keysDestroyed = await keyRing.DestroySubjectKeysAsync(subject, cancellationToken).ConfigureAwait(false);

        var deleted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using (var scope = scopes.CreateAsyncScope())
        {
            foreach (var source in scope.ServiceProvider.GetServices<IPersonalDataSource>())
            {
                var count = await source.EraseAsync(subject, cancellationToken).ConfigureAwait(false);
                deleted[source.Name] = deleted.GetValueOrDefault(source.Name) + count;
            }
        }

        var accessRecords = await accessLog.DeleteBySubjectAsync(
            pseudonymizer.Pseudonymize(subject, AccessRecord.SubjectPseudonymDomain), cancellationToken).ConfigureAwait(false);

        var detail = $"keys destroyed: {keysDestroyed}; access records deleted: {accessRecords}"
            + string.Concat(deleted.Select(d => $"; {d.Key}: {d.Value}"));
        var entry = await audit.AppendAsync(
            new AuditEvent
            {
                Operation = AuditOperation.Destroy,
                Actor = request.ErasedBy,
                SubjectId = subject,
                Purpose = request.Reason,
                Target = ErasureTarget,
                Detail = detail.Length <= 1000 ? detail : detail[..1000],
            },
            cancellationToken).ConfigureAwait(false);
        return new ErasureResult(subject, entry.OccurredAt, keysDestroyed, deleted, accessRecords, entry.Sequence);
    }

    public async ValueTask<IReadOnlyList<RetentionDue>> GetDueForDestructionAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var now = at ?? time.GetUtcNow();
        var subjectOptions = options.Value.Subjects;
        if (subjectOptions.RetentionTerms.Count == 0)
        {
            return [];
        }

        // The latest event per subject and purpose as of now decides whether and when the consent ended.
        var latest = new Dictionary<(string Subject, string Purpose), ConsentEvent>();
        await foreach (var e in ledger.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.OccurredAt <= now && subjectOptions.RetentionTerms.ContainsKey(e.Purpose))
            {
                latest[(e.SubjectId, e.Purpose)] = e;
            }
        }

        var due = new List<RetentionDue>();
        var erasedAt = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var ((subject, purpose), e) in latest)
        {
            DateTimeOffset? ended = e.Kind == ConsentEventKind.Withdrawn ? e.OccurredAt
                : e.ExpiresAt is { } expires && expires <= now ? expires
                : null;
            if (ended is not { } endedAt)
            {
                continue;
            }

            var dueAt = endedAt + subjectOptions.RetentionTerms[purpose];
            if (dueAt > now)
            {
                continue;
            }

            if (!erasedAt.TryGetValue(subject, out var erased))
            {
                var entries = await audit.GetBySubjectAsync(subject, cancellationToken).ConfigureAwait(false);
                erased = entries.Where(a => a.Operation == AuditOperation.Destroy && a.Target == ErasureTarget && a.OccurredAt <= now)
                    .Select(a => (DateTimeOffset?)a.OccurredAt).LastOrDefault();
                erasedAt[subject] = erased;
            }

            if (erased is { } when && when >= endedAt)
            {
                continue;
            }

            due.Add(new RetentionDue(subject, purpose, endedAt, dueAt, dueAt + subjectOptions.DestructionPeriod));
        }

        return [.. due.OrderBy(d => d.DueAt).ThenBy(d => d.SubjectId, StringComparer.Ordinal).ThenBy(d => d.Purpose, StringComparer.Ordinal)];
    }
}
