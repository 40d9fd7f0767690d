namespace HrPlus.Privacy.Policies;

/// <summary>Persists policy versions. Implementations: in memory (tests, demos) and EF Core.</summary>
public interface IPolicyStore
{
    /// <summary>Reads every version, oldest first.</summary>
    ValueTask<IReadOnlyList<PolicyVersion>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a version; returns false without writing when its number exists already.</summary>
    ValueTask<bool> TryAddAsync(PolicyVersion version, CancellationToken cancellationToken);
}
