namespace HrPlus.Privacy.Consent;

/// <summary>Why processing for a purpose is lawful (Law of the Republic of Kazakhstan No. 94-V, Articles 7–9).</summary>
public enum LegalBasis
{
    /// <summary>The subject's (or their legal representative's) consent.</summary>
    Consent = 1,

    /// <summary>Required to perform a contract or an agreement the subject is party to.</summary>
    Contract = 2,

    /// <summary>Required or allowed by a law without consent (Article 9).</summary>
    LegalObligation = 3,

    /// <summary>Protecting the life, health or lawful interests of the subject or others when consent cannot be obtained.</summary>
    VitalInterests = 4,
}
