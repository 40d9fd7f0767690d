namespace HrPlus.Privacy.Policies;

/// <summary>What to publish as the next policy version.</summary>
public sealed class PolicyDraft
{
    /// <summary>Gets the texts, at most one per language; at least one is required.</summary>
    public required IReadOnlyList<PolicyText> Texts { get; init; }

    /// <summary>Gets whether the change is material (consents need renewing) or editorial.</summary>
    /// <remarks>The first version of a policy is material by nature; the value given for it is kept as given.</remarks>
    public required PolicyChangeKind ChangeKind { get; init; }

    /// <summary>
    /// Gets when the version takes effect; null means at publication (policy clause 9.2). It may be in the future,
    /// never before publication and never before the previous version's.
    /// </summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    /// <summary>Gets a short description of what changed, for people (shown beside the version); optional.</summary>
    public string? ChangeSummary { get; init; }
}
