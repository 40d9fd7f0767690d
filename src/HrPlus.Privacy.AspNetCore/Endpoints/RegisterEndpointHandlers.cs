using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Disclosures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The handlers of the operator's registers: the disclosure log and the breach register.</summary>
internal static class RegisterEndpointHandlers
{
    /// <summary>The longest authority reference <see cref="IBreachRegister.RecordAuthorityNotificationAsync"/> accepts.</summary>
    public const int MaxReferenceLength = 256;

    private const string NoSuchBreach = "There is no such breach incident.";

    public static async Task<IResult> RecordDisclosureAsync(HttpContext http, IDisclosureLog log, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.DisclosureBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with recipient, legalBasis, dataCategories and subjects.");
        }

        try
        {
            var disclosure = await log.RecordAsync(
                new DisclosureRequest
                {
                    Recipient = body.Recipient!,
                    LegalBasis = body.LegalBasis!,
                    DataCategories = body.DataCategories ?? [],
                    Subjects = body.Subjects ?? [],
                    AuthorizedBy = actor,
                    DisclosedAt = body.DisclosedAt,
                },
                http.RequestAborted);
            return Results.Created((string?)null, DisclosureJson(disclosure));
        }
        catch (ArgumentException ex)
        {
            return PrivacyProblems.Invalid(ex, [actor, body.Recipient, body.LegalBasis, .. body.Subjects ?? []]);
        }
    }

    public static async Task<IResult> ListDisclosuresAsync(HttpContext http, IDisclosureLog log, string? from, string? to)
    {
        if (!EndpointRequests.TryParseInstant(from, out var start) || !EndpointRequests.TryParseInstant(to, out var end) || start is null || end is null || start > end)
        {
            return PrivacyProblems.BadRequest("from and to are ISO 8601 dates and times, from not after to, e.g. from=2026-01-01T00:00:00Z&to=2026-12-31T23:59:59Z.");
        }

        var disclosures = await log.ListAsync(start.Value, end.Value, http.RequestAborted);
        return Results.Json(disclosures.Select(DisclosureJson));
    }

    public static async Task<IResult> RegisterBreachAsync(HttpContext http, IBreachRegister breaches, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is not { } actor)
        {
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.BreachBody);
        if (body?.DiscoveredAt is not { } discoveredAt)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with discoveredAt and description.");
        }

        try
        {
            var incident = await breaches.RegisterAsync(
                new BreachReport
                {
                    DiscoveredAt = discoveredAt,
                    Description = body.Description!,
                    DataCategories = body.DataCategories ?? [],
                    AffectedSubjects = body.AffectedSubjects ?? [],
                    ReportedBy = actor,
                },
                http.RequestAborted);
            var path = http.Request.PathBase.Add(http.Request.Path).Value?.TrimEnd('/') ?? string.Empty;
            return Results.Created(path + "/" + incident.Id.ToString("D"), BreachJson(incident, EndpointRequests.Now(http)));
        }
        catch (ArgumentException ex)
        {
            return PrivacyProblems.Invalid(ex, [actor, body.Description, .. body.AffectedSubjects ?? []]);
        }
    }

    public static async Task<IResult> GetBreachAsync(HttpContext http, IBreachRegister breaches, string id) =>
        Guid.TryParse(id, out var incidentId) && await breaches.GetAsync(incidentId, http.RequestAborted) is { } incident
            ? Results.Json(BreachJson(incident, EndpointRequests.Now(http)))
            : PrivacyProblems.NotFound(NoSuchBreach);

    public static async Task<IResult> OverdueBreachesAsync(HttpContext http, IBreachRegister breaches, string? at)
    {
        if (!EndpointRequests.TryParseInstant(at, out var instant))
        {
            return PrivacyProblems.BadRequest("at is an ISO 8601 date and time, e.g. 2026-11-25T10:00:00Z.");
        }

        var now = instant ?? EndpointRequests.Now(http);
        var overdue = await breaches.GetOverdueAsync(now, http.RequestAborted);
        return Results.Json(overdue.Select(i => BreachJson(i, now)));
    }

    public static async Task<IResult> AuthorityNotificationAsync(HttpContext http, IBreachRegister breaches, string id, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is null)
        {
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
        }

        if (!Guid.TryParse(id, out var incidentId))
        {
            return PrivacyProblems.NotFound(NoSuchBreach);
        }

        var body = await PrivacyEndpointRouteBuilderExtensions.ReadAsync(http, SubjectJsonContext.Default.AuthorityNotificationBody);
        if (body?.Reference is not { } reference || string.IsNullOrWhiteSpace(reference) || reference.Length > MaxReferenceLength || reference.Any(char.IsControl))
        {
            return PrivacyProblems.BadRequest($"The body must be a JSON object with the authority's reference: 1 to {MaxReferenceLength} characters without control characters.");
        }

        try
        {
            return Results.Json(BreachJson(await breaches.RecordAuthorityNotificationAsync(incidentId, reference, http.RequestAborted), EndpointRequests.Now(http)));
        }
        catch (KeyNotFoundException)
        {
            return PrivacyProblems.NotFound(NoSuchBreach);
        }
        catch (InvalidOperationException)
        {
            // The register keeps the first notification's time: it is the operator's evidence.
            return PrivacyProblems.Conflict("The authority's notification of this incident is recorded already.");
        }
    }

    public static async Task<IResult> NotifySubjectsAsync(HttpContext http, IBreachRegister breaches, string id, PrivacyEndpointOptions options)
    {
        if (options.SubjectOf(http.User) is null)
        {
            return PrivacyProblems.SignInRequired(EndpointRequests.OperatorSignIn);
        }

        if (!Guid.TryParse(id, out var incidentId))
        {
            return PrivacyProblems.NotFound(NoSuchBreach);
        }

        try
        {
            return Results.Json(BreachJson(await breaches.NotifySubjectsAsync(incidentId, http.RequestAborted), EndpointRequests.Now(http)));
        }
        catch (KeyNotFoundException)
        {
            return PrivacyProblems.NotFound(NoSuchBreach);
        }
        catch (InvalidOperationException)
        {
            return PrivacyProblems.NotConfigured("No IBreachNotifier is registered: the host registers one (services.AddSingleton<IBreachNotifier, YourNotifier>()) to notify subjects.");
        }
    }

    private static object DisclosureJson(Disclosure d) => new
    {
        id = d.Id,
        disclosedAt = d.DisclosedAt,
        recordedAt = d.RecordedAt,
        recipient = d.Recipient,
        legalBasis = d.LegalBasis,
        dataCategories = d.DataCategories,
        subjects = d.Subjects,
        authorizedBy = d.AuthorizedBy,
    };

    private static object BreachJson(BreachIncident i, DateTimeOffset now) => new
    {
        id = i.Id,
        discoveredAt = i.DiscoveredAt,
        registeredAt = i.RegisteredAt,
        description = i.Description,
        dataCategories = i.DataCategories,
        affectedSubjects = i.AffectedSubjects,
        reportedBy = i.ReportedBy,
        authorityDeadline = i.AuthorityDeadline,
        authorityNotifiedAt = i.AuthorityNotifiedAt,
        authorityReference = i.AuthorityReference,
        overdue = i.IsOverdue(now),
        subjectNotifications = i.SubjectNotifications.Select(n => new { subjectId = n.SubjectId, at = n.At, delivered = n.Delivered }),
    };
}
