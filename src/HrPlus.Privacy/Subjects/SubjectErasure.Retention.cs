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

        // Per purpose, the store finds the subjects whose consent ended long enough ago: the ledger is not read whole.
        var due = new List<RetentionDue>();
        var erasedAt = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var (purpose, term) in subjectOptions.RetentionTerms)
        {
            var endedBy = now - DateTimeOffset.MinValue > term ? now - term : DateTimeOffset.MinValue;
            await foreach (var e in ledger.ReadEndedAsync(purpose, now, endedBy, cancellationToken).ConfigureAwait(false))
            {
                if (ConsentRetention.EndedAt(e, now) is not { } endedAt)
                {
                    continue;
                }

                await AddIfNotErasedAsync(e.SubjectId, purpose, endedAt, term).ConfigureAwait(false);
            }
        }

        return [.. due.OrderBy(d => d.DueAt).ThenBy(d => d.SubjectId, StringComparer.Ordinal).ThenBy(d => d.Purpose, StringComparer.Ordinal)];

        async ValueTask AddIfNotErasedAsync(string subject, string purpose, DateTimeOffset endedAt, TimeSpan term)
        {
            var dueAt = endedAt + term;
            if (!erasedAt.TryGetValue(subject, out var erased))
            {
                // Only a completed erasure counts: an interrupted one is still due until it is resumed.
                var record = await erasures.FindLatestAsync(subject, cancellationToken).ConfigureAwait(false);
                erased = record is { IsComplete: true } && record.RequestedAt <= now ? record.RequestedAt : null;
                erasedAt[subject] = erased;
            }

            if (erased is not { } when || when < endedAt)
            {
                due.Add(new RetentionDue(subject, purpose, endedAt, dueAt, dueAt + subjectOptions.DestructionPeriod));
            }
        }
    }
}
