namespace HrPlus.Privacy.Policies;

/// <summary>Keeps policy versions in process memory; for tests and demos.</summary>
public sealed class InMemoryPolicyStore : IPolicyStore
{
    private readonly Lock _lock = new();
    private readonly List<PolicyVersion> _versions = [];

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<PolicyVersion>> GetAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<PolicyVersion>>([.. _versions]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryAddAsync(PolicyVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_lock)
        {
            if (_versions.Exists(v => v.Version == version.Version))
            {
                return ValueTask.FromResult(false);
            }

            _versions.Add(version);
            _versions.Sort((a, b) => a.Version.CompareTo(b.Version));
            return ValueTask.FromResult(true);
        }
    }
}
