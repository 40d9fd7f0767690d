namespace HrPlus.Privacy.Breaches;

/// <summary>Keeps breach incidents in process memory; for tests and demos.</summary>
public sealed class InMemoryBreachStore : IBreachStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, BreachIncident> _incidents = [];

    /// <inheritdoc/>
    public ValueTask AddAsync(BreachIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (_lock)
        {
            if (!_incidents.TryAdd(incident.Id, incident))
            {
                throw new InvalidOperationException("An incident with this id exists already.");
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask UpdateAsync(BreachIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (_lock)
        {
            if (!_incidents.ContainsKey(incident.Id))
            {
                throw new KeyNotFoundException("There is no such incident.");
            }

            _incidents[incident.Id] = incident;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<BreachIncident?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_incidents.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BreachIncident>> ListUnnotifiedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<BreachIncident>>([.. _incidents.Values.Where(i => i.AuthorityNotifiedAt is null).OrderBy(i => i.AuthorityDeadline)]);
        }
    }
}
