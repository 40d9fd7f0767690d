namespace HrPlus.Privacy.Subjects;

/// <summary>Who asked for a subject's data to be blocked (Law 94-V Art. 23).</summary>
public enum BlockRequester
{
    /// <summary>The subject.</summary>
    Subject = 1,

    /// <summary>The subject's legal representative.</summary>
    LegalRepresentative = 2,

    /// <summary>The authorised body for personal data protection.</summary>
    AuthorizedBody = 3,

    /// <summary>The operator itself (for example, while checking a breach).</summary>
    Operator = 4,
}
