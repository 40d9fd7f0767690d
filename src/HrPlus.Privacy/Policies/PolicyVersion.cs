namespace HrPlus.Privacy.Policies;

/// <summary>A published, immutable version of the privacy policy.</summary>
public sealed class PolicyVersion
{
    /// <summary>Gets the version number: 1 for the first, then strictly increasing by one.</summary>
    public required int Version { get; init; }

    /// <summary>Gets when the version was published.</summary>
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>Gets when the version takes effect (publication time unless set otherwise).</summary>
    public required DateTimeOffset EffectiveFrom { get; init; }

    /// <summary>Gets whether the change from the previous version is material or editorial.</summary>
    public required PolicyChangeKind ChangeKind { get; init; }

    /// <summary>Gets a short description of what changed, or null.</summary>
    public string? ChangeSummary { get; init; }

    /// <summary>Gets the texts, one per language, ordered by language code.</summary>
    public required IReadOnlyList<PolicyText> Texts { get; init; }

    /// <summary>Gets the text in <paramref name="language"/>, or null when this version has none in it.</summary>
    public PolicyText? GetText(string language)
    {
        foreach (var text in Texts)
        {
            if (string.Equals(text.Language, language, StringComparison.Ordinal))
            {
                return text;
            }
        }

        return null;
    }
}
