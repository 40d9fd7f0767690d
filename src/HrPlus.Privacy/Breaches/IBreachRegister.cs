namespace HrPlus.Privacy.Breaches;

/// <summary>The breach register (policy clause 5.3): incidents, the authority deadline, and notifications.</summary>
public interface IBreachRegister
{
    /// <summary>Registers a breach and computes its authority deadline.</summary>
    /// <exception cref="ArgumentException">A missing or over-long description, an IIN where an id belongs, a discovery in the future.</exception>
    ValueTask<BreachIncident> RegisterAsync(BreachReport report, CancellationToken cancellationToken = default);

    /// <summary>Records that the authorised body was notified, with its reference.</summary>
    /// <exception cref="KeyNotFoundException">No such incident.</exception>
    /// <exception cref="InvalidOperationException">The notification is recorded already (its time is evidence and is never overwritten).</exception>
    ValueTask<BreachIncident> RecordAuthorityNotificationAsync(Guid incidentId, string reference, CancellationToken cancellationToken = default);

    /// <summary>Notifies every affected subject not yet notified through the registered <see cref="IBreachNotifier"/>.</summary>
    /// <remarks>
    /// Each attempt is saved as soon as it is made: when the notifier throws for one subject the exception propagates,
    /// the subjects told before it stay recorded as delivered, and the next call notifies only the others.
    /// </remarks>
    /// <exception cref="KeyNotFoundException">No such incident.</exception>
    /// <exception cref="InvalidOperationException">No notifier is registered.</exception>
    ValueTask<BreachIncident> NotifySubjectsAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>Finds an incident.</summary>
    ValueTask<BreachIncident?> GetAsync(Guid incidentId, CancellationToken cancellationToken = default);

    /// <summary>Lists incidents past their authority deadline without a notification at <paramref name="at"/> (now when null).</summary>
    ValueTask<IReadOnlyList<BreachIncident>> GetOverdueAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default);
}
