namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>The visitor's cookie choice for the current request (<c>HttpContext.Features.Get&lt;ICookieConsentFeature&gt;()</c>).</summary>
public interface ICookieConsentFeature
{
    /// <summary>Gets the categories whose cookies may be set now (always including <see cref="CookieCategory.Necessary"/>).</summary>
    CookieCategory Allowed { get; }

    /// <summary>Gets whether cookies of <paramref name="category"/> may be set.</summary>
    bool IsAllowed(CookieCategory category);

    /// <summary>
    /// Records the visitor's choice of optional categories in the consent cookie of this response; cookies of those
    /// categories set by this response are let through.
    /// </summary>
    void SetConsent(CookieCategory categories);
}
