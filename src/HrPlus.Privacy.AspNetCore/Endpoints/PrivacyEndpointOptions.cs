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
    /// (a parent granting consent for a pupil, or reading the pupil's consents, history and receipts with
    /// <c>?subjectId=</c>): called with the request and the subject's id. Null (the default) refuses every such request
    /// with 403; the host decides who represents whom. It is called only with a well-formed id: an empty one, one over
    /// 128 characters, with control characters or holding an IIN is answered 400 before the callback runs.
    /// </summary>
    /// <remarks>
    /// While <see cref="ServesMinors"/> is true a representative's grant also needs <see cref="ResolveSubjectBirthDate"/>:
    /// without a birth date the server knows, the grant is refused (<c>SubjectBirthDateUnknown</c>), and mapping the
    /// endpoints logs warning 2010.
    /// </remarks>
    public Func<HttpContext, string, ValueTask<bool>>? AuthorizeRepresentative { get; set; }

    /// <summary>
    /// Gets or sets the host's source of a subject's date of birth (from the IIN it holds: <c>iin.BirthDate</c>), called
    /// with the request and the subject's id by <c>POST consents/{purpose}</c>: for the signed-in subject's own grant and,
    /// in a representative's grant, for the represented subject. When it is null (the default) or answers null, a
    /// subject's own grant reads their <see cref="ClaimTypes.DateOfBirth"/> claim (an ISO date, <c>yyyy-MM-dd</c>); a
    /// representative's grant then has no server-side birth date. The date the server knows always wins over one in
    /// the request body, so a request cannot make a minor an adult.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A representative's consent for a minor must end when the subject comes of age, and it can only if the date is
    /// known. So while <see cref="ServesMinors"/> is true, a representative's grant for which this callback is null or
    /// answers null is refused with a 422 problem (reason <c>SubjectBirthDateUnknown</c>, naming this option); the
    /// <c>subjectBirthDate</c> of the body is not taken instead. With <see cref="ServesMinors"/> false the body's date
    /// is used (a guardian of an adult gives none).
    /// </para>
    /// <para>
    /// The refusal is per request, not at start-up: the callback may know some subjects' dates and not others'. A host
    /// that sets <see cref="AuthorizeRepresentative"/> without this callback gets warning 2010 when the endpoints are mapped.
    /// A <c>subjectBirthDate</c> in a body is checked on every grant, used or not: one in the future or before 1900 is a
    /// 400 problem.
    /// </para>
    /// </remarks>
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

    /// <summary>
    /// Gets or sets the path the problem bodies link to for the policy: an app-relative path (<c>/privacy/policy</c>, the
    /// default, and what <c>MapPrivacyEndpoints</c> sets from its prefix unless the host set one) to which the request's
    /// path base is prepended, or an absolute URL used as it is.
    /// </summary>
    public string PolicyPath
    {
        get => _policyPath;
        set
        {
            _policyPath = value;
            PolicyPathSetByHost = true;
        }
    }

    /// <summary>
    /// Gets or sets the largest request body the routes of <c>MapPrivacyEndpoints</c> read, in bytes; 16 KiB by default
    /// (a consent is a few hundred bytes). A larger body is answered 413 with problem details before the handler runs.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 16 * 1024;

    /// <summary>
    /// Gets or sets the largest request body the routes of <c>MapPrivacyOperatorEndpoints</c> read, in bytes; 1 MiB by
    /// default (a disclosure or breach lists the subjects concerned).
    /// </summary>
    public long MaxOperatorRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>Whether the host set <see cref="PolicyPath"/>; <c>MapPrivacyEndpoints</c> keeps it then.</summary>
    internal bool PolicyPathSetByHost { get; private set; }

    private string _policyPath = "/privacy/policy";

    /// <summary>Sets the policy path from the prefix of <c>MapPrivacyEndpoints</c>, unless the host set one.</summary>
    internal void UsePolicyPrefix(string prefix)
    {
        if (!PolicyPathSetByHost)
        {
            _policyPath = "/" + prefix.Trim('/') + "/policy";
        }
    }

    /// <summary>The policy link for <paramref name="http"/>: the path base and <see cref="PolicyPath"/>, or the absolute URL.</summary>
    internal string PolicyLink(HttpContext http) =>
        PolicyPath.StartsWith('/') && !PolicyPath.StartsWith("//", StringComparison.Ordinal) ? http.Request.PathBase.Add(new PathString(PolicyPath)).Value! : PolicyPath;

    /// <summary>The signed-in user's opaque id from <see cref="SubjectClaimType"/>, or null when nobody with that claim is signed in.</summary>
    internal string? SubjectOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirst(SubjectClaimType)?.Value is { Length: > 0 } id ? id : null;
}
