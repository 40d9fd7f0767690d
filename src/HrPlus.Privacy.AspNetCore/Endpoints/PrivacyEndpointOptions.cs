using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>Options of the privacy HTTP API and of <c>RequireConsent</c>.</summary>
public sealed class PrivacyEndpointOptions
{
    /// <summary>Gets or sets the claim that holds the signed-in subject's opaque id; <see cref="ClaimTypes.NameIdentifier"/> by default.</summary>
    public string SubjectClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>Gets or sets the language shown when a request names none or an unknown one; <c>ru</c> by default.</summary>
    public string DefaultLanguage { get; set; } = "ru";

    /// <summary>
    /// Gets or sets the check that lets the signed-in user act for another subject as their legal representative
    /// (a parent granting consent for a pupil): called with the request and the subject's id. Null (the default)
    /// refuses every such request with 403; the host decides who represents whom.
    /// </summary>
    public Func<HttpContext, string, ValueTask<bool>>? AuthorizeRepresentative { get; set; }

    /// <summary>
    /// Gets or sets the authorization policy of the operator routes (<c>MapPrivacyOperatorEndpoints</c>) when the call
    /// names none; null by default. Those routes erase, block and export anyone's data, so one of the two is required:
    /// mapping them without a policy fails at start-up instead of falling back to the default policy, which admits
    /// every signed-in user.
    /// </summary>
    public string? OperatorAuthorizationPolicy { get; set; }

    /// <summary>Gets or sets the path the problem bodies link to for the policy; set by <c>MapPrivacyEndpoints</c> to its <c>policy</c> route.</summary>
    public string PolicyPath { get; set; } = "/privacy/policy";

    /// <summary>The signed-in user's opaque id from <see cref="SubjectClaimType"/>, or null when nobody with that claim is signed in.</summary>
    internal string? SubjectOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirst(SubjectClaimType)?.Value is { Length: > 0 } id ? id : null;
}
