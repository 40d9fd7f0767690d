namespace HrPlus.Privacy.Breaches;

/// <summary>Persists breach incidents.</summary>
public interface IBreachStore
{
    /// <summary>Adds a new incident.</summary>
    ValueTask AddAsync(BreachIncident incident, CancellationToken cancellationToken);

    /// <summary>Replaces an incident with a newer state of itself.</summary>
    ValueTask UpdateAsync(BreachIncident incident, CancellationToken cancellationToken);

    /// <summary>Finds an incident.</summary>
    ValueTask<BreachIncident?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Lists incidents whose authority notification is still missing.</summary>
    ValueTask<IReadOnlyList<BreachIncident>> ListUnnotifiedAsync(CancellationToken cancellationToken);
}
