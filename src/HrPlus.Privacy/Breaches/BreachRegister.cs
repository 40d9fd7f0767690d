using HrPlus.Privacy.Consent;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Breaches;

/// <summary>The breach register over an <see cref="IBreachStore"/>.</summary>
internal sealed class BreachRegister(IBreachStore store, IEnumerable<IBreachNotifier> notifiers, TimeProvider time, IOptions<PrivacyOptions> options) : IBreachRegister
{
    private const int MaxDescriptionLength = 4000;
    private readonly SemaphoreSlim _notifying = new(1, 1);

    public async ValueTask<BreachIncident> RegisterAsync(BreachReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(report.Description);
        if (report.Description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"The description is at most {MaxDescriptionLength} characters.", nameof(report));
        }

        SubjectIds.Validate(report.ReportedBy, nameof(report));
        foreach (var subject in report.AffectedSubjects ?? [])
        {
            SubjectIds.Validate(subject, nameof(report));
        }

        foreach (var category in report.DataCategories ?? [])
        {
            if (!ConsentPurpose.IsValidCode(category))
            {
                throw new ArgumentException("A data category is 1 to 64 lower-case ASCII letters, digits and hyphens.", nameof(report));
            }
        }

        var now = Timestamps.Normalize(time.GetUtcNow());
        var discovered = Timestamps.Normalize(report.DiscoveredAt);
        if (discovered > now)
        {
            throw new ArgumentException("A breach cannot be discovered in the future.", nameof(report));
        }

        var privacy = options.Value;
        var incident = new BreachIncident
        {
            Id = Guid.CreateVersion7(now),
            DiscoveredAt = discovered,
            RegisteredAt = now,
            Description = report.Description,
            DataCategories = [.. (report.DataCategories ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            AffectedSubjects = [.. (report.AffectedSubjects ?? []).Distinct(StringComparer.Ordinal)],
            ReportedBy = report.ReportedBy,
            AuthorityDeadline = Timestamps.Normalize(privacy.Breaches.Calendar.OneBusinessDayAfter(discovered, privacy.Consent.LocalUtcOffset)),
        };
        await store.AddAsync(incident, cancellationToken).ConfigureAwait(false);
        return incident;
    }

    public async ValueTask<BreachIncident> RecordAuthorityNotificationAsync(Guid incidentId, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reference.Length, 256, nameof(reference));
        var incident = await FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (incident.AuthorityNotifiedAt is not null)
        {
            // The first notification time is the evidence that the deadline was met: it is never overwritten.
            throw new InvalidOperationException("The authority's notification of this incident is recorded already.");
        }

        var updated = incident with { AuthorityNotifiedAt = Timestamps.Normalize(time.GetUtcNow()), AuthorityReference = reference };
        await store.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public async ValueTask<BreachIncident> NotifySubjectsAsync(Guid incidentId, CancellationToken cancellationToken = default)
    {
        await _notifying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The incident first: an unknown id is reported as such, whether or not a notifier is registered.
            var incident = await FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
            var notifier = notifiers.LastOrDefault() ?? throw new InvalidOperationException(
                "Register an IBreachNotifier (services.AddSingleton<IBreachNotifier, YourNotifier>()) to notify affected subjects.");
            var delivered = incident.SubjectNotifications.Where(n => n.Delivered).Select(n => n.SubjectId).ToHashSet(StringComparer.Ordinal);
            var attempts = new List<SubjectNotification>(incident.SubjectNotifications);
            foreach (var subject in incident.AffectedSubjects)
            {
                if (delivered.Contains(subject))
                {
                    continue;
                }

                var ok = await notifier.NotifyAsync(incident, subject, cancellationToken).ConfigureAwait(false);
                attempts.Add(new SubjectNotification(subject, Timestamps.Normalize(time.GetUtcNow()), ok));

                // Saved as it happens: should a later subject's notifier throw, a retry skips the ones told already.
                incident = incident with { SubjectNotifications = [.. attempts] };
                await store.UpdateAsync(incident, cancellationToken).ConfigureAwait(false);
            }

            return incident;
        }
        finally
        {
            _notifying.Release();
        }
    }

    public ValueTask<BreachIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default) => store.FindAsync(incidentId, cancellationToken);

    public async ValueTask<IReadOnlyList<BreachIncident>> GetOverdueAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var instant = at ?? time.GetUtcNow();
        var open = await store.ListUnnotifiedAsync(cancellationToken).ConfigureAwait(false);
        return [.. open.Where(i => i.IsOverdue(instant))];
    }

    private async ValueTask<BreachIncident> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException("There is no such breach incident.");
}
