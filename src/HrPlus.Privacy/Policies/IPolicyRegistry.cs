namespace HrPlus.Privacy.Policies;

/// <summary>Publishes privacy policy versions and answers which one is in effect.</summary>
public interface IPolicyRegistry
{
    /// <summary>Publishes the next version: its number is one more than the latest, and it is immutable from then on.</summary>
    /// <exception cref="ArgumentException">A draft without texts, with two texts in one language, or an invalid effective time.</exception>
    ValueTask<PolicyVersion> PublishAsync(PolicyDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Gets the version in effect at <paramref name="at"/> (now when null), or null before the first takes effect.</summary>
    ValueTask<PolicyVersion?> GetCurrentAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a version by number, or null when it was never published.</summary>
    ValueTask<PolicyVersion?> GetVersionAsync(int version, CancellationToken cancellationToken = default);

    /// <summary>Lists every published version, oldest first.</summary>
    ValueTask<IReadOnlyList<PolicyVersion>> ListAsync(CancellationToken cancellationToken = default);
}
