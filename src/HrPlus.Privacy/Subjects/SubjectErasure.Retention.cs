using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Subjects;

/// <summary>The retention query: what is due for destruction, from the consent ledger and the erasures' own state.</summary>
internal sealed partial class SubjectErasure
{
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
                // Only a completed erasure counts: an interrupted one is still due until it is resumed.
                var record = await erasures.FindLatestAsync(subject, cancellationToken).ConfigureAwait(false);
                erased = record is { IsComplete: true } && record.RequestedAt <= now ? record.RequestedAt : null;
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
