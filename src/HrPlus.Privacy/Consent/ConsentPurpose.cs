namespace HrPlus.Privacy.Consent;

/// <summary>A purpose personal data is processed for, with a stable code and titles in Kazakh, Russian and English.</summary>
public sealed class ConsentPurpose
{
    /// <summary>Creates a purpose.</summary>
    /// <param name="code">A stable code: 1 to 64 lower-case ASCII letters, digits and hyphens, e.g. <c>news-offers</c>.</param>
    /// <param name="titleKk">The title in Kazakh.</param>
    /// <param name="titleRu">The title in Russian.</param>
    /// <param name="titleEn">The title in English.</param>
    /// <param name="legalBasis">Why processing for it is lawful.</param>
    /// <param name="requiresExplicitOptIn">True when nothing may be processed for it until the subject opts in.</param>
    /// <exception cref="ArgumentException">An invalid code or an empty title.</exception>
    public ConsentPurpose(string code, string titleKk, string titleRu, string titleEn, LegalBasis legalBasis, bool requiresExplicitOptIn)
    {
        if (!IsValidCode(code))
        {
            throw new ArgumentException("A purpose code is 1 to 64 lower-case ASCII letters, digits and hyphens.", nameof(code));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(titleKk);
        ArgumentException.ThrowIfNullOrWhiteSpace(titleRu);
        ArgumentException.ThrowIfNullOrWhiteSpace(titleEn);
        if (!Enum.IsDefined(legalBasis))
        {
            throw new ArgumentOutOfRangeException(nameof(legalBasis));
        }

        Code = code;
        TitleKk = titleKk;
        TitleRu = titleRu;
        TitleEn = titleEn;
        LegalBasis = legalBasis;
        RequiresExplicitOptIn = requiresExplicitOptIn;
    }

    /// <summary>Gets the stable code.</summary>
    public string Code { get; }

    /// <summary>Gets the title in Kazakh.</summary>
    public string TitleKk { get; }

    /// <summary>Gets the title in Russian.</summary>
    public string TitleRu { get; }

    /// <summary>Gets the title in English.</summary>
    public string TitleEn { get; }

    /// <summary>Gets why processing for this purpose is lawful.</summary>
    public LegalBasis LegalBasis { get; }

    /// <summary>Gets whether the subject must opt in explicitly before any processing for this purpose.</summary>
    public bool RequiresExplicitOptIn { get; }

    /// <summary>Gets the title in <paramref name="language"/> (<c>kk</c>, <c>ru</c>, <c>en</c>); Russian for any other code.</summary>
    public string GetTitle(string language) => language switch
    {
        "kk" => TitleKk,
        "en" => TitleEn,
        _ => TitleRu,
    };

    /// <summary>Gets the code.</summary>
    public override string ToString() => Code;

    /// <summary>Tells whether <paramref name="code"/> is a valid purpose code.</summary>
    public static bool IsValidCode(string? code)
    {
        if (code is null || code.Length is 0 or > 64 || code[0] == '-' || code[^1] == '-')
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
