namespace HrPlus.Privacy.EntityFrameworkCore.Consent;

/// <summary>A row of <c>hrplus_policy_versions</c>: one published policy version. Rows are only ever inserted.</summary>
public sealed class PolicyVersionEntity
{
    /// <summary>Gets or sets the version number (primary key).</summary>
    public int Version { get; set; }

    /// <summary>Gets or sets the publication time (UTC).</summary>
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Gets or sets when the version takes effect (UTC).</summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>Gets or sets the change kind (<c>PolicyChangeKind</c> as an integer).</summary>
    public int ChangeKind { get; set; }

    /// <summary>Gets or sets the summary of what changed.</summary>
    public string? ChangeSummary { get; set; }

    /// <summary>Gets or sets the texts of this version.</summary>
    public List<PolicyTextEntity> Texts { get; set; } = [];
}

/// <summary>A row of <c>hrplus_policy_texts</c>: the text of a policy version in one language.</summary>
public sealed class PolicyTextEntity
{
    /// <summary>Gets or sets the version number (key part and foreign key).</summary>
    public int Version { get; set; }

    /// <summary>Gets or sets the two-letter language code (key part).</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>Gets or sets the text.</summary>
    public string Content { get; set; } = string.Empty;

    /// <summary>Gets or sets the SHA-256 of the UTF-8 text, lower-case hex; checked against the text on every read.</summary>
    public string ContentHash { get; set; } = string.Empty;
}
