namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>The categories of cookies of the cookie notice (policy clause 3.3.1); flags, so a set fits one value.</summary>
[Flags]
public enum CookieCategory
{
    /// <summary>No category.</summary>
    None = 0,

    /// <summary>Needed for the site to work (session, sign-in, anti-forgery, the consent cookie itself): always allowed.</summary>
    Necessary = 1,

    /// <summary>Remember choices such as the language: allowed once consented.</summary>
    Functional = 2,

    /// <summary>Measure use of the site: allowed once consented.</summary>
    Analytics = 4,

    /// <summary>Advertising and tracking across sites: allowed once consented.</summary>
    Advertising = 8,
}
