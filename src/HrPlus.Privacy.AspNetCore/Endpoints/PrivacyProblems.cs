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
        detail: $"This needs consent to the purpose \"{purpose}\"; the current decision is {decision}. Read the policy and give consent first.",
        extensions: new Dictionary<string, object?> { ["purpose"] = purpose, ["decision"] = decision.ToString(), ["policy"] = policyPath });

    public static IResult ReconsentDue(string[] purposes, string policyPath) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: TypePrefix + "reconsent-required",
        title: "Consent must be given again.",
        detail: "The privacy policy changed materially (or consent given by a representative has ended): read the current policy and consent again.",
        extensions: new Dictionary<string, object?> { ["purposes"] = purposes, ["policy"] = policyPath });

    public static IResult SignInRequired(string detail = "Consents belong to a signed-in subject.") => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        type: TypePrefix + "sign-in-required",
        title: "Sign in first.",
        detail: detail);

    public static IResult NotFound(string what) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: TypePrefix + "not-found",
        title: "Not found.",
        detail: what);

    public static IResult Rejected(ConsentRejectedException error) => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        type: TypePrefix + "consent-rejected",
        title: "The consent was refused.",
        detail: error.Message,
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
