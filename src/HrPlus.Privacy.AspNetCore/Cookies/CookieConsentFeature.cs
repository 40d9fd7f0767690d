using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>
/// The per-request cookie choice. It is also the request's <see cref="ITrackingConsentFeature"/>, so code written
/// for ASP.NET Core's cookie policy (<c>CanTrack</c>, <c>GrantConsent</c>) works: tracking means the analytics and
/// advertising categories.
/// </summary>
internal sealed class CookieConsentFeature(HttpContext context, CookieConsentOptions options, CookieCategory consented) : ICookieConsentFeature, ITrackingConsentFeature
{
    private const CookieCategory Tracking = CookieCategory.Analytics | CookieCategory.Advertising;

    public CookieCategory Allowed { get; private set; } = consented | CookieCategory.Necessary;

    public bool IsConsentNeeded => true;

    public bool HasConsent => (Allowed & Tracking) == Tracking;

    public bool CanTrack => HasConsent;

    public bool IsAllowed(CookieCategory category) => category != CookieCategory.None && (Allowed & category) == category;

    public void SetConsent(CookieCategory categories)
    {
        var optional = categories & (CookieCategory.Functional | CookieCategory.Analytics | CookieCategory.Advertising);
        Allowed = optional | CookieCategory.Necessary;
        context.Response.Cookies.Append(options.ConsentCookieName, CookieConsentValue.Format(optional), CookieOptionsFor(context, options));
    }

    public void GrantConsent() => SetConsent(Allowed | Tracking);

    public void WithdrawConsent() => SetConsent(Allowed & ~Tracking);

    public string CreateConsentCookie() =>
        CookieOptionsFor(context, options).CreateCookieHeader(options.ConsentCookieName, CookieConsentValue.Format(Allowed | Tracking)).ToString();

    private static CookieOptions CookieOptionsFor(HttpContext context, CookieConsentOptions options) => new()
    {
        Path = "/",
        HttpOnly = false,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        MaxAge = options.ConsentLifetime,
    };
}
