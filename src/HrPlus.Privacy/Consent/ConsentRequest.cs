using System.Net;

namespace HrPlus.Privacy.Consent;

/// <summary>A consent to record: who, to what, under which policy text, given by whom, and what it covers.</summary>
public sealed class ConsentRequest
{
    /// <summary>Gets the subject's opaque id in the host app (never a raw IIN).</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets the purpose code (see <see cref="ConsentPurposes"/>).</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets the policy version shown when consent was given.</summary>
    public required int PolicyVersion { get; init; }

    /// <summary>Gets the language the policy was shown in; its text hash is recorded with the consent.</summary>
    public required string Language { get; init; }

    /// <summary>
    /// Gets the subject's date of birth when known (from their IIN: <c>iin.BirthDate</c>). It decides the minor rules:
    /// under 14 only a representative consents, from 14 to 18 a representative's consent is required, and a
    /// representative's consent for a minor must be renewed by the subject when they come of age.
    /// </summary>
    public DateOnly? SubjectBirthDate { get; init; }

    /// <summary>Gets who gave consent; the subject by default.</summary>
    public ConsentGiver GivenBy { get; init; } = ConsentGiver.Subject;

    /// <summary>Gets whether a minor from 14 to 18 agreed as well (recorded beside the representative's consent).</summary>
    public bool MinorAlsoAgreed { get; init; }

    /// <summary>Gets the channel; a web form by default.</summary>
    public ConsentChannel Channel { get; init; } = ConsentChannel.WebForm;

    /// <summary>Gets the client address; recorded as <see cref="ConsentOptions.EvidenceIpAddress"/> says, never raw by default.</summary>
    public IPAddress? IpAddress { get; init; }

    /// <summary>Gets the client's user agent; control characters are escaped and it is cut to 512 characters.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Gets when the consent ends (Law 94-V Art. 8(4): its term); null for no fixed term.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets the categories of personal data covered, as codes such as <c>full-name</c>, <c>iin</c>, <c>phone</c>.</summary>
    public IReadOnlyList<string> DataCategories { get; init; } = [];

    /// <summary>Gets whether the data may be transferred to third parties.</summary>
    public bool ThirdPartyTransfer { get; init; }

    /// <summary>Gets whether the data may be transferred abroad.</summary>
    public bool CrossBorderTransfer { get; init; }

    /// <summary>Gets whether the data may be placed in publicly available sources.</summary>
    public bool PublicSources { get; init; }
}

/// <summary>A withdrawal of consent to one purpose.</summary>
public sealed class ConsentWithdrawal
{
    /// <summary>Gets the subject's opaque id.</summary>
    public required string SubjectId { get; init; }

    /// <summary>Gets the purpose code.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets who withdrew; the subject by default.</summary>
    public ConsentGiver GivenBy { get; init; } = ConsentGiver.Subject;

    /// <summary>Gets the channel; a web form by default.</summary>
    public ConsentChannel Channel { get; init; } = ConsentChannel.WebForm;

    /// <summary>Gets the client address, recorded like a grant's.</summary>
    public IPAddress? IpAddress { get; init; }

    /// <summary>Gets the client's user agent.</summary>
    public string? UserAgent { get; init; }
}
