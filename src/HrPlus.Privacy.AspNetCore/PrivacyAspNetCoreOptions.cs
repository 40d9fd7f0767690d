using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.AspNetCore.Endpoints;

namespace HrPlus.Privacy.AspNetCore;

/// <summary>Options of the ASP.NET Core integration, set through <c>AddHrPlusPrivacy().AddAspNetCore(o =&gt; ...)</c>.</summary>
public sealed class PrivacyAspNetCoreOptions
{
    /// <summary>Gets the options of request capture and the access log.</summary>
    public PrivacyCaptureOptions Capture { get; } = new();

    /// <summary>Gets the cookie registry and consent options.</summary>
    public CookieConsentOptions Cookies { get; } = new();

    /// <summary>Gets the options of the privacy HTTP API.</summary>
    public PrivacyEndpointOptions Endpoints { get; } = new();
}
