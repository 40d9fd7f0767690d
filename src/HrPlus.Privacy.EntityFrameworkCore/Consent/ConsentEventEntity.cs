namespace HrPlus.Privacy.EntityFrameworkCore.Consent;

/// <summary>
/// A row of <c>hrplus_consent_events</c>: one entry of the hash-chained consent ledger. Rows are only ever
/// inserted; <see cref="Sequence"/> is the primary key and the chain position.
/// </summary>
public sealed class ConsentEventEntity : Storage.IChainRow
{
    /// <summary>Gets or sets the chain position, from 1.</summary>
    public long Sequence { get; set; }

    /// <summary>Gets or sets the event id.</summary>
    public Guid EventId { get; set; }

    /// <summary>Gets or sets the event kind (<c>ConsentEventKind</c> as an integer).</summary>
    public int Kind { get; set; }

    /// <summary>Gets or sets the subject's opaque id.</summary>
    public string SubjectId { get; set; } = string.Empty;

    /// <summary>Gets or sets the purpose code.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>Gets or sets when it happened (UTC, whole microseconds).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Gets or sets the policy version.</summary>
    public int PolicyVersion { get; set; }

    /// <summary>Gets or sets the hash of the policy text shown.</summary>
    public string PolicyTextHash { get; set; } = string.Empty;

    /// <summary>Gets or sets the language of the policy text shown.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>Gets or sets who acted (<c>ConsentGiverKind</c> as an integer).</summary>
    public int GivenBy { get; set; }

    /// <summary>Gets or sets the representative's opaque id.</summary>
    public string? RepresentativeId { get; set; }

    /// <summary>Gets or sets the representative's relationship (<c>RepresentativeRelationship</c> as an integer).</summary>
    public int Relationship { get; set; }

    /// <summary>Gets or sets whether a minor agreed beside the representative.</summary>
    public bool MinorAlsoAgreed { get; set; }

    /// <summary>Gets or sets the channel (<c>ConsentChannel</c> as an integer).</summary>
    public int Channel { get; set; }

    /// <summary>Gets or sets the client address as recorded (truncated or pseudonymized by default).</summary>
    public string? EvidenceIpAddress { get; set; }

    /// <summary>Gets or sets the client's user agent (escaped, at most 512 characters).</summary>
    public string? EvidenceUserAgent { get; set; }

    /// <summary>Gets or sets the operator's name.</summary>
    public string OperatorName { get; set; } = string.Empty;

    /// <summary>Gets or sets the operator's BIN.</summary>
    public string? OperatorBin { get; set; }

    /// <summary>Gets or sets when the consent ends.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Gets or sets the data category codes, comma-separated in order.</summary>
    public string DataCategories { get; set; } = string.Empty;

    /// <summary>Gets or sets whether transfer to third parties is covered.</summary>
    public bool ThirdPartyTransfer { get; set; }

    /// <summary>Gets or sets whether cross-border transfer is covered.</summary>
    public bool CrossBorderTransfer { get; set; }

    /// <summary>Gets or sets whether publication in public sources is covered.</summary>
    public bool PublicSources { get; set; }

    /// <summary>Gets or sets when the subject comes of age (representative consent for a minor).</summary>
    public DateOnly? SubjectAdultFrom { get; set; }

    /// <summary>Gets or sets the previous event's hash.</summary>
    public string PreviousHash { get; set; } = string.Empty;

    /// <summary>Gets or sets this event's hash.</summary>
    public string Hash { get; set; } = string.Empty;
}
