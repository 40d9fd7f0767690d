using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The endpoint metadata of the privacy and operator routes (name, summary, request body, answers), so a host that
/// maps ASP.NET Core's OpenAPI document gets every route described. Applied as a group's last convention and keyed by
/// method and route (parameter names only, constraints ignored), so the route declarations stay one line each.
/// </summary>
internal static class PrivacyEndpointDescriptions
{
    private const string Json = "application/json";
    private const string Problem = "application/problem+json";

    private static readonly Description[] Descriptions =
    [
        new("GET", "policy", "GetPolicy", "The policy version in effect, in the requested language (JSON, or HTML for a browser).", [200], [404]),
        new("GET", "policy/versions", "ListPolicyVersions", "Every published policy version with its change kind and text hashes.", [200], []),
        new("GET", "policy/{version}", "GetPolicyVersion", "One published policy version, in the requested language (JSON, or HTML for a browser).", [200], [404]),
        new("GET", "consents", "GetConsentDecisions", "The signed-in subject's decision for every purpose of the catalogue.", [200], [401]),
        new("POST", "consents/{purpose}", "GrantConsent", "Records the signed-in subject's consent (or a representative's, for subjectId) to a purpose; answers the event with a receipt link.", [201], [400, 401, 403, 422, 501], typeof(GrantBody)),
        new("DELETE", "consents/{purpose}", "WithdrawConsent", "Withdraws the signed-in subject's consent (or a represented subject's) to a purpose.", [200], [400, 401, 403, 422], typeof(WithdrawBody), BodyOptional: true),
        new("GET", "consents/history", "GetConsentHistory", "The signed-in subject's consent events, oldest first.", [200], [401]),
        new("GET", "consents/receipts/{id}", "GetConsentReceipt", "The receipt of one consent event of the signed-in subject (after ISO/IEC TS 27560).", [200], [401, 404]),
        new("GET", "evidence/keys", "GetCheckpointPublicKeys", "The Ed25519 public keys that verify checkpoints (signed tree heads) and consent receipts offline; anonymous, cacheable.", [200], []),
        new("GET", "cookies", "GetCookieChoices", "The cookie categories, the registered cookies and the visitor's current choice.", [200], []),
        new("POST", "cookies", "SetCookieChoices", "Stores the visitor's choice of optional cookie categories.", [200], [400], typeof(CookieChoiceBody)),
        new("GET", "me/export", "ExportMyData", "Everything held about the signed-in subject, as a JSON download.", [200], [401]),
        new("POST", "me/block-request", "RequestBlocking", "Blocks the signed-in subject's data while their request is checked.", [200, 202], [400, 401], typeof(BlockRequestBody)),
        new("POST", "subjects/{subjectId}/block", "BlockSubject", "Operator: blocks a subject's data (decryption and consent stop).", [200], [400, 401, 403], typeof(OperatorBlockBody)),
        new("DELETE", "subjects/{subjectId}/block", "UnblockSubject", "Operator: lifts a subject's block.", [200], [400, 401, 403, 404]),
        new("GET", "subjects/{subjectId}/export", "ExportSubjectData", "Operator: everything held about a subject, as a JSON download.", [200], [401, 403]),
        new("POST", "subjects/{subjectId}/erase", "EraseSubject", "Operator: erases a subject (crypto-shredding and the host's own tables), as a recorded, resumable workflow.", [200, 202], [400, 401, 403, 404, 409], typeof(EraseBody)),
        new("GET", "retention/due", "ListRetentionDue", "Operator: subjects whose data is due for destruction at an instant (query at, ISO 8601).", [200], [400, 401, 403]),
        new("POST", "disclosures", "RecordDisclosure", "Operator: records a transfer of personal data to an authorized recipient (Law 94-V).", [201], [400, 401, 403], typeof(DisclosureBody)),
        new("GET", "disclosures", "ListDisclosures", "Operator: disclosures in a period (query from and to, ISO 8601).", [200], [400, 401, 403]),
        new("POST", "breaches", "RegisterBreach", "Operator: registers a personal-data breach and its notification deadlines.", [201], [400, 401, 403], typeof(BreachBody)),
        new("GET", "breaches/overdue", "ListOverdueBreaches", "Operator: breaches whose authority notification is overdue at an instant (query at).", [200], [400, 401, 403]),
        new("GET", "breaches/{id}", "GetBreach", "Operator: one breach with its notifications.", [200], [401, 403, 404]),
        new("POST", "breaches/{id}/authority-notification", "RecordAuthorityNotification", "Operator: records that the authority was notified of a breach.", [200], [400, 401, 403, 404, 409], typeof(AuthorityNotificationBody)),
        new("POST", "breaches/{id}/notify-subjects", "NotifyBreachSubjects", "Operator: notifies the subjects of a breach and records each delivery.", [200], [400, 401, 403, 404, 409]),
    ];

    /// <summary>The name prefix of every route, so the operation ids never collide with the host's own.</summary>
    public const string NamePrefix = "HrPlusPrivacy.";

    /// <summary>Adds the description of each route of <paramref name="group"/> once its other metadata is in place.</summary>
    public static void Describe(RouteGroupBuilder group) => ((IEndpointConventionBuilder)group).Finally(builder =>
    {
        if (builder is not RouteEndpointBuilder route
            || builder.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods is not [var method])
        {
            return;
        }

        var path = Normalize(route.RoutePattern);
        var description = Descriptions.FirstOrDefault(d => d.Method == method && (path == d.Route || path.EndsWith("/" + d.Route, StringComparison.Ordinal)));
        if (description is null)
        {
            return;
        }

        builder.Metadata.Add(new EndpointNameMetadata(NamePrefix + description.Name));
        builder.Metadata.Add(new RouteNameMetadata(NamePrefix + description.Name));
        builder.Metadata.Add(new EndpointSummaryAttribute(description.Summary));
        builder.Metadata.Add(new TagsAttribute(description.Route.StartsWith("policy", StringComparison.Ordinal) || description.Route.StartsWith("consents", StringComparison.Ordinal) || description.Route.StartsWith("cookies", StringComparison.Ordinal) || description.Route.StartsWith("me/", StringComparison.Ordinal)
            ? "Privacy" : "Privacy operator"));
        if (description.Body is { } body)
        {
            // No content types here: with them, routing would answer another media type 415 without problem details, where
            // the handlers answer 400 problem details. The OpenAPI document then lists the body as application/json.
            builder.Metadata.Add(new AcceptsMetadata([], body, description.BodyOptional));
        }

        foreach (var status in description.Success)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, null, [Json]));
        }

        foreach (var status in description.Problems)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [Problem]));
        }
    });

    /// <summary>The route as literals and <c>{name}</c> parameters, without constraints or defaults.</summary>
    internal static string Normalize(RoutePattern pattern) => string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => string.Empty,
    }))));

    private sealed record Description(string Method, string Route, string Name, string Summary, int[] Success, int[] Problems, Type? Body = null, bool BodyOptional = false);
}
