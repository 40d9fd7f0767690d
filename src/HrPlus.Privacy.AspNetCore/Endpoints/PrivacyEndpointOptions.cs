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
    /// Gets or sets the host's source of a subject's date of birth (from the IIN it holds: <c>iin.BirthDate</c>), called
    /// with the request and the subject's id by <c>POST consents/{purpose}</c>: for the signed-in subject's own grant and,
    /// in a representative's grant, for the represented subject. When it is null (the default) or answers null, a
    /// subject's own grant reads their <see cref="ClaimTypes.DateOfBirth"/> claim (an ISO date, <c>yyyy-MM-dd</c>); a
    /// representative's grant then has no server-side birth date. The date the server knows always wins over one in
    /// the request body, so a request cannot make a minor an adult.
    /// </summary>
    public Func<HttpContext, string, ValueTask<DateOnly?>>? ResolveSubjectBirthDate { get; set; }

    /// <summary>
    /// Gets or sets whether the host's subjects may be minors; true by default (HR+ serves schools). While true, a
    /// subject whose age the server cannot establish (no <see cref="ResolveSubjectBirthDate"/> answer, no valid
    /// <see cref="ClaimTypes.DateOfBirth"/> claim) cannot consent alone over HTTP: only a legal representative can,
    /// and the request gets a <c>RepresentativeRequired</c> problem. Set it to false only for an app of adults.
    /// </summary>
    public bool ServesMinors { get; set; } = true;

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
