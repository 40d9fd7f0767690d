namespace HrPlus.Privacy.Breaches;

/// <summary>The host's way of telling an affected subject (or their representative) about a breach: e-mail, SMS, a letter.</summary>
public interface IBreachNotifier
{
    /// <summary>Notifies one subject; returns whether the message was delivered (false is retried by the next call).</summary>
    ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken);
}
