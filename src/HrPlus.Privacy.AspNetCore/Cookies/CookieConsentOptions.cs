namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>The host's cookies by category, and how the visitor's choice is kept.</summary>
public sealed class CookieConsentOptions
{
    /// <summary>Gets or sets the name of the cookie that keeps the visitor's choice (itself necessary); <c>.HrPlus.CookieConsent</c> by default.</summary>
    public string ConsentCookieName { get; set; } = ".HrPlus.CookieConsent";

    /// <summary>Gets or sets how long the choice is kept; 365 days by default.</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Gets or sets the category of cookies that are not registered; <see cref="CookieCategory.Necessary"/> by default
    /// (so the framework's own session and anti-forgery cookies keep working). Set a stricter one to suppress every
    /// cookie nobody registered.
    /// </summary>
    public CookieCategory UnregisteredCookies { get; set; } = CookieCategory.Necessary;

    /// <summary>Gets the registered cookies.</summary>
    public IList<CookieDefinition> Cookies { get; } = [];

    /// <summary>Registers a cookie for the notice and for gating.</summary>
    /// <returns>These options, for chaining.</returns>
    public CookieConsentOptions Register(string name, CookieCategory category, string purpose, TimeSpan? lifetime = null)
    {
        Cookies.Add(new CookieDefinition(name, category, purpose, lifetime));
        return this;
    }
}
