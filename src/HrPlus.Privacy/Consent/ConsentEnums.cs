namespace HrPlus.Privacy.Consent;

/// <summary>The state of a subject's consent to a purpose at an instant.</summary>
public enum ConsentDecision
{
    /// <summary>No consent was ever recorded.</summary>
    NotGiven = 0,

    /// <summary>Consent is in force.</summary>
    Granted = 1,

    /// <summary>The latest event is a withdrawal.</summary>
    Withdrawn = 2,

    /// <summary>The consent's term has ended.</summary>
    Expired = 3,

    /// <summary>
    /// The consent refers to a policy version followed by a material change now in effect, or was given by a legal
    /// representative for a subject who has since come of age: it must be given again.
    /// </summary>
    ReconsentRequired = 4,

    /// <summary>
    /// The subject's data is blocked (policy clause 6.2.4) while a request about it is checked: nothing that needs
    /// consent may run, whatever the ledger says, until the block ends. Answered for every purpose, and only for the
    /// present (<see cref="IConsentService.GetDecisionAsync"/> without an instant, or one not in the past): an earlier
    /// instant is answered from the ledger alone.
    /// </summary>
    Blocked = 5,
}

/// <summary>What a ledger event records.</summary>
public enum ConsentEventKind
{
    /// <summary>Consent was given.</summary>
    Granted = 1,

    /// <summary>Consent was withdrawn.</summary>
    Withdrawn = 2,
}

/// <summary>Who gave or withdrew consent.</summary>
public enum ConsentGiverKind
{
    /// <summary>The subject themself.</summary>
    Subject = 1,

    /// <summary>A legal representative (parent, guardian, trustee) on the subject's behalf.</summary>
    Representative = 2,
}

/// <summary>How a legal representative is related to the subject (Civil Code of the Republic of Kazakhstan).</summary>
public enum RepresentativeRelationship
{
    /// <summary>Not a representative (the subject acted themself).</summary>
    None = 0,

    /// <summary>A parent.</summary>
    Parent = 1,

    /// <summary>An adoptive parent.</summary>
    AdoptiveParent = 2,

    /// <summary>A guardian (a minor under 14, or an adult without legal capacity).</summary>
    Guardian = 3,

    /// <summary>A trustee (a minor from 14 to 18, or an adult with limited capacity).</summary>
    Trustee = 4,
}

/// <summary>Through which channel consent was given or withdrawn.</summary>
public enum ConsentChannel
{
    /// <summary>A form on the host's website or app.</summary>
    WebForm = 1,

    /// <summary>A signed paper form, recorded by staff.</summary>
    Paper = 2,

    /// <summary>An API call by an integrated system.</summary>
    Api = 3,

    /// <summary>The state consent service (e-Gov / the personal data protection service).</summary>
    StateConsentService = 4,
}

/// <summary>Why a grant or withdrawal was refused.</summary>
public enum ConsentRejectionReason
{
    /// <summary>The purpose is not in the catalogue.</summary>
    UnknownPurpose = 1,

    /// <summary>The policy version was never published.</summary>
    UnknownPolicyVersion = 2,

    /// <summary>The policy version has no text in the language given.</summary>
    LanguageNotPublished = 3,

    /// <summary>The policy version has not taken effect yet.</summary>
    PolicyNotInEffect = 4,

    /// <summary>The subject is under 14: only a parent or guardian can consent for them.</summary>
    SubjectUnder14 = 5,

    /// <summary>The subject is 14 to 18: their legal representative's consent is required; their own is not enough.</summary>
    RepresentativeRequired = 6,

    /// <summary>There is no consent in force to withdraw.</summary>
    NothingToWithdraw = 7,

    /// <summary>The term ends before the consent is given.</summary>
    TermInThePast = 8,

    /// <summary>The subject's data is blocked.</summary>
    SubjectBlocked = 9,

    /// <summary>
    /// The host has not set <c>PrivacyOptions.Consent.OperatorName</c>, which every consent records (Law 94-V Art. 8(4)):
    /// a configuration error, not the subject's.
    /// </summary>
    OperatorNotConfigured = 10,

    /// <summary>
    /// A legal representative acted and the server knows no birth date for the subject while the host serves minors:
    /// a representative's consent for a minor must record when the subject comes of age. Over HTTP the host supplies the
    /// date with <c>PrivacyEndpointOptions.ResolveSubjectBirthDate</c>.
    /// </summary>
    SubjectBirthDateUnknown = 11,
}
