using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.Consent;

/// <summary>Which consents to a purpose have ended by a given time: the rule every ledger store's retention query applies.</summary>
internal static class ConsentRetention
{
    /// <summary>When the consent <paramref name="latest"/> stands for ended, as of <paramref name="asOf"/>, or null while it is in force.</summary>
    public static DateTimeOffset? EndedAt(ConsentEvent latest, DateTimeOffset asOf) =>
        latest.Kind == ConsentEventKind.Withdrawn ? latest.OccurredAt
        : latest.ExpiresAt is { } expires && expires <= asOf ? expires
        : null;

    /// <summary>
    /// The latest event per subject among <paramref name="events"/> (in sequence order) of <paramref name="purpose"/>
    /// that occurred by <paramref name="asOf"/>, where that consent ended by <paramref name="endedBy"/>.
    /// </summary>
    public static async IAsyncEnumerable<ConsentEvent> EndedAsync(
        IAsyncEnumerable<ConsentEvent> events, string purpose, DateTimeOffset asOf, DateTimeOffset endedBy, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ConsentEvent>(StringComparer.Ordinal);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (e.Purpose == purpose && e.OccurredAt <= asOf)
            {
                latest[e.SubjectId] = e;
            }
        }

        foreach (var e in latest.Values.OrderBy(e => e.Sequence))
        {
            if (EndedAt(e, asOf) is { } ended && ended <= endedBy)
            {
                yield return e;
            }
        }
    }
}
