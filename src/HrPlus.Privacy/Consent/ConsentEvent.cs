namespace HrPlus.Privacy.Consent;

/// <summary>
/// One append-only entry of the consent ledger. <see cref="Hash"/> covers every other field and
/// <see cref="PreviousHash"/>, so editing, deleting or reordering events breaks the chain
/// (<see cref="IConsentService.VerifyAsync"/>).
/// </summary>
public sealed record ConsentEvent
{
    /// <summary>Gets the position in the ledger, from 1 without gaps; 0 until the store appends it.</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the event's id (also the consent receipt's record id).</summary>
    public required Guid EventId { get; init; }

    /// <summary>Gets whether consent was granted or withdrawn.</summary>
    public required ConsentEventKind Kind { get; init; }

    /// <summary>Gets the subject's opaque id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets the purpose code.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets when it happened (UTC, whole microseconds).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets the policy version the consent refers to.</summary>
    public required int PolicyVersion { get; init; }

    /// <summary>Gets the SHA-256 (hex) of the policy text shown.</summary>
    public required string PolicyTextHash { get; init; }

    /// <summary>Gets the language of the policy text shown.</summary>
    public required string Language { get; init; }

    /// <summary>Gets whether the subject or a representative acted.</summary>
    public required ConsentGiverKind GivenBy { get; init; }

    /// <summary>Gets the representative's opaque id, or null.</summary>
    public string? RepresentativeId { get; init; }

    /// <summary>Gets the representative's relationship to the subject.</summary>
    public RepresentativeRelationship Relationship { get; init; }

    /// <summary>Gets whether a minor from 14 to 18 agreed beside the representative.</summary>
    public bool MinorAlsoAgreed { get; init; }

    /// <summary>Gets the channel.</summary>
    public required ConsentChannel Channel { get; init; }

    /// <summary>Gets the client address as recorded (truncated or pseudonymized by default), or null.</summary>
    public string? EvidenceIpAddress { get; init; }

    /// <summary>Gets the client's user agent (escaped and cut), or null.</summary>
    public string? EvidenceUserAgent { get; init; }

    /// <summary>Gets the operator's name (Law 94-V Art. 8(4)).</summary>
    public required string OperatorName { get; init; }

    /// <summary>Gets the operator's BIN, or null when not configured.</summary>
    public string? OperatorBin { get; init; }

    /// <summary>Gets when the consent ends, or null for no fixed term.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets the data category codes covered.</summary>
    public required IReadOnlyList<string> DataCategories { get; init; }

    /// <summary>Gets whether transfer to third parties is covered.</summary>
    public bool ThirdPartyTransfer { get; init; }

    /// <summary>Gets whether cross-border transfer is covered.</summary>
    public bool CrossBorderTransfer { get; init; }

    /// <summary>Gets whether placing the data in public sources is covered.</summary>
    public bool PublicSources { get; init; }

    /// <summary>
    /// Gets the date the subject comes of age when a representative consented for a minor (the consent then needs the
    /// subject's own renewal), or null.
    /// </summary>
    public DateOnly? SubjectAdultFrom { get; init; }

    /// <summary>Gets the hash of the previous event (64 zeros for the first); set by the store.</summary>
    public string PreviousHash { get; init; } = string.Empty;

    /// <summary>Gets this event's hash (SHA-256, hex); set by the store.</summary>
    public string Hash { get; init; } = string.Empty;
}
