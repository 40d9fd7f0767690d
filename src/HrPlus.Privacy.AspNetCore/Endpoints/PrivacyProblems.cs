using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The RFC 9457 problem details the privacy API answers with; each has a stable <c>type</c> URN.</summary>
internal static class PrivacyProblems
{
    public const string TypePrefix = "urn:hrplus-privacy:problem:";

    public static IResult ConsentRequired(string purpose, ConsentDecision decision, string policyPath) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: TypePrefix + (decision == ConsentDecision.ReconsentRequired ? "reconsent-required" : "consent-required"),
        title: decision == ConsentDecision.ReconsentRequired ? "Consent must be given again." : "Consent is required.",
        detail: decision == ConsentDecision.Blocked
            ? $"This needs consent to the purpose \"{purpose}\", and the subject's data is blocked while a request about it is checked: nothing that needs consent runs until the block ends."
            : $"This needs consent to the purpose \"{purpose}\"; the current decision is {decision}. Read the policy and give consent first.",
        extensions: new Dictionary<string, object?> { ["purpose"] = purpose, ["decision"] = decision.ToString(), ["policy"] = policyPath });

    public static IResult ReconsentDue(string[] purposes, string policyPath) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: TypePrefix + "reconsent-required",
        title: "Consent must be given again.",
        detail: "The privacy policy changed materially (or consent given by a representative has ended): read the current policy and consent again.",
        extensions: new Dictionary<string, object?> { ["purposes"] = purposes, ["policy"] = policyPath });

    /// <summary>The host's authentication challenge (see <see cref="SignInChallengeResult"/>) with a problem body.</summary>
    public static IResult SignInRequired(string detail = "Consents belong to a signed-in subject.") => new SignInChallengeResult(Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        type: TypePrefix + "sign-in-required",
        title: "Sign in first.",
        detail: detail));

    public static IResult NotFound(string what) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: TypePrefix + "not-found",
        title: "Not found.",
        detail: what);

    public static IResult Rejected(ConsentRejectedException error) => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        type: TypePrefix + "consent-rejected",
        title: "The consent was refused.",
        detail: RejectedDetail(error),
        extensions: new Dictionary<string, object?> { ["reason"] = error.Reason.ToString() });

    public static IResult BadRequest(string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        type: TypePrefix + "bad-request",
        title: "The request is not valid.",
        detail: detail);

    public static IResult Forbidden(string detail) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: TypePrefix + "forbidden",
        title: "Not allowed.",
        detail: detail);

    public static IResult Conflict(string detail) => Results.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: TypePrefix + "conflict",
        title: "The request conflicts with the current state.",
        detail: detail);

    public static IResult NotConfigured(string detail) => Results.Problem(
        statusCode: StatusCodes.Status501NotImplemented,
        type: TypePrefix + "not-configured",
        title: "The host has not set this up.",
        detail: detail);

    public static IResult MethodNotAllowed() => Results.Problem(
        statusCode: StatusCodes.Status405MethodNotAllowed,
        type: TypePrefix + "method-not-allowed",
        title: "The method is not allowed here.",
        detail: "This route does not take that HTTP method; the Allow header lists those it takes.");

    public static IResult PayloadTooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        type: TypePrefix + "payload-too-large",
        title: "The request body is too large.",
        detail: "The body is larger than this route accepts (PrivacyEndpointOptions.MaxRequestBodySize).");

    public static IResult UnsupportedMediaType() => Results.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        type: TypePrefix + "unsupported-media-type",
        title: "The body must be JSON.",
        detail: "Requests that change state send a JSON body with Content-Type: application/json ({} when there is nothing to say).");

    /// <summary>The problem for an error status that left the response empty (routing, the server, the host's handlers).</summary>
    public static IResult ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest("The request is not valid."),
        StatusCodes.Status401Unauthorized => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, type: TypePrefix + "sign-in-required", title: "Sign in first.", detail: "Sign in to use this route."),
        StatusCodes.Status403Forbidden => Forbidden("The signed-in user may not use this route."),
        StatusCodes.Status404NotFound => NotFound("There is nothing here."),
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed(),
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge(),
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(),
        _ => Results.Problem(statusCode: status, type: TypePrefix + "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>The detail of a representative's grant refused for want of the subject's birth date.</summary>
    public const string SubjectBirthDateUnknownDetail =
        "A legal representative's consent for a subject who may be a minor must record when the subject comes of age, and the server knows no birth date "
        + "for the subject. The host supplies it with PrivacyEndpointOptions.ResolveSubjectBirthDate (from the IIN it holds); a date in the request body is not taken.";

    // Fixed words per reason: a service's message may hold a value of the request (a policy version).
    private static string RejectedDetail(ConsentRejectedException error) => error.Reason switch
    {
        ConsentRejectionReason.UnknownPurpose => "The purpose is not in the catalogue.",
        ConsentRejectionReason.UnknownPolicyVersion => "That policy version was never published.",
        ConsentRejectionReason.LanguageNotPublished => "That policy version has no text in the language given.",
        ConsentRejectionReason.PolicyNotInEffect => "That policy version is not in effect yet; consent cannot refer to it before then.",
        ConsentRejectionReason.NothingToWithdraw => "There is no consent to this purpose to withdraw.",
        ConsentRejectionReason.TermInThePast => "The consent's term ends before it is given.",
        ConsentRejectionReason.SubjectBlocked => "The subject's data is blocked while a request about it is checked; consent cannot be recorded until the block ends.",
        ConsentRejectionReason.SubjectBirthDateUnknown => SubjectBirthDateUnknownDetail,
        _ => error.Message,
    };

    /// <summary>
    /// A 400 for an <see cref="ArgumentException"/> from a service. Its message names the rule that failed; should it
    /// ever contain a value from the request (a subject id, a reason), a generic text is answered instead.
    /// </summary>
    public static IResult Invalid(ArgumentException error, params IEnumerable<string?> submitted)
    {
        const string Generic = "A value in the request is not valid.";
        var detail = error.Message;
        if (error.ParamName is { } name && detail.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            detail = detail[..^$" (Parameter '{name}')".Length];
        }

        // ArgumentOutOfRangeException appends the actual value.
        if (error is ArgumentOutOfRangeException || string.IsNullOrWhiteSpace(detail)
            || submitted.Any(v => v is { Length: >= 3 } && detail.Contains(v, StringComparison.OrdinalIgnoreCase)))
        {
            detail = error.ParamName is { } parameter && parameter.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')
                ? $"{Generic} ({parameter})"
                : Generic;
        }

        return BadRequest(detail);
    }
}
