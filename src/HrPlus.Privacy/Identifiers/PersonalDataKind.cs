namespace HrPlus.Privacy.Identifiers;

/// <summary>What <see cref="PersonalDataFinder"/> found.</summary>
internal enum PersonalDataKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>A valid IIN: a run of 12 digits (plain, or written with spaces, hyphens or brackets) with a valid check digit and birth date.</summary>
    Iin,

    /// <summary>An e-mail address: a local part, <c>@</c>, and a domain with a dot and a letter.</summary>
    Email,

    /// <summary>
    /// A phone number: <c>+</c> and 10 to 15 digits, 11 digits starting with 7 or 8, or 10 digits starting with 7
    /// (the ways Kazakhstan numbers are written), plain or with spaces, hyphens or brackets.
    /// </summary>
    Phone,
}
