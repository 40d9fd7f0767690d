using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HrPlus.Privacy;
using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.AspNetCore.Endpoints;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the privacy HTTP API: policies, the signed-in subject's consents, receipts, export and block request, and cookie choices.</summary>
public static class PrivacyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>GET policy</c>, <c>GET policy/versions</c>, <c>GET policy/{version}</c>
    /// (JSON, or HTML for a browser), <c>GET consents</c>, <c>POST</c>/<c>DELETE consents/{purpose}</c>,
    /// <c>GET consents/history</c>, <c>GET consents/receipts/{id}</c>, <c>GET</c>/<c>POST cookies</c>, the anonymous and
    /// cacheable <c>GET evidence/keys</c> (the checkpoint public keys that verify receipts offline), and the signed-in
    /// subject's <c>GET me/export</c> (everything held about them, as a JSON download) and <c>POST me/block-request</c>
    /// (blocks their data while a request is checked). Errors are RFC 9457 problem details (also for a route miss, a
    /// wrong method or a body too large); personal answers are <c>Cache-Control: no-store</c>; every <c>POST</c> needs a
    /// JSON body, at most <see cref="PrivacyEndpointOptions.MaxRequestBodySize"/> long.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddHrPlusPrivacy().AddAspNetCore()</c> was not called.</exception>
    public static RouteGroupBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/privacy")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        PrivacyApplicationBuilderExtensions.EnsureRegistered(endpoints.ServiceProvider, nameof(MapPrivacyEndpoints));
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<PrivacyOptions>>().Value.Consent.OperatorName is null)
        {
            // Every grant records the operator: without it POST consents/{purpose} could only fail, on the first visitor.
            throw new InvalidOperationException(
                $"{nameof(MapPrivacyEndpoints)}() maps the consent routes, and every consent records the operator (Law 94-V Art. 8(4)): "
                + "set PrivacyOptions.Consent.OperatorName (and OperatorBin) in AddHrPlusPrivacy(o => ...).");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value;
        options.Endpoints.UsePolicyPrefix(prefix);
        ConsentSubjectAge.WarnIfNoBirthDateSource(endpoints.ServiceProvider, options.Endpoints);

        var group = endpoints.MapGroup(prefix);
        group.MapGet("policy", (HttpContext http, IPolicyRegistry policies, string? lang) => PolicyAsync(http, policies, null, lang, options));
        group.MapGet("policy/versions", (HttpContext http, IPolicyRegistry policies) => ListVersionsAsync(http, policies));
        group.MapGet("policy/{version:int}", (HttpContext http, IPolicyRegistry policies, int version, string? lang) => PolicyAsync(http, policies, version, lang, options));
        group.MapGet("consents", (HttpContext http, IConsentService consents) => DecisionsAsync(http, consents, options));
        group.MapPost("consents/{purpose}", (HttpContext http, IConsentService consents, string purpose) => GrantAsync(http, consents, purpose, options));
        group.MapDelete("consents/{purpose}", (HttpContext http, IConsentService consents, string purpose) => WithdrawAsync(http, consents, purpose, options));
        group.MapGet("consents/history", (HttpContext http, IConsentService consents) => HistoryAsync(http, consents, options));
        group.MapGet("consents/receipts/{id:guid}", (HttpContext http, IConsentService consents, Guid id) => ReceiptAsync(http, consents, id, options));
        group.MapGet("cookies", (Delegate)((HttpContext http) => CookiesResult(http, options)));
        group.MapPost("cookies", (Delegate)((HttpContext http) => SetCookiesAsync(http, options)));
        EvidenceEndpoints.Map(group);
        SubjectEndpointRouteBuilderExtensions.MapSubjectSelfService(group, options.Endpoints);
        PrivacyHttpConventions.Apply(group, endpoints, prefix, options.Endpoints.MaxRequestBodySize, hasPublicPolicyRoutes: true);
        PrivacyEndpointDescriptions.Describe(group);
        return group;
    }

    private static async Task<IResult> PolicyAsync(HttpContext http, IPolicyRegistry policies, int? number, string? lang, PrivacyAspNetCoreOptions options)
    {
        var version = number is { } n ? await policies.GetVersionAsync(n, http.RequestAborted) : await policies.GetCurrentAsync(null, http.RequestAborted);
        if (version is null)
        {
            return PrivacyProblems.NotFound(number is null ? "No policy version is in effect yet." : "That policy version was never published.");
        }

        var language = PolicyText.IsLanguageCode(lang) ? lang! : options.Endpoints.DefaultLanguage;
        var text = version.GetText(language) ?? version.GetText(options.Endpoints.DefaultLanguage) ?? version.Texts[0];
        if (WantsHtml(http.Request))
        {
            return Results.Content(Html(version, text), "text/html; charset=utf-8");
        }

        return Results.Json(new
        {
            version = version.Version,
            publishedAt = version.PublishedAt,
            effectiveFrom = version.EffectiveFrom,
            changeKind = version.ChangeKind.ToString(),
            changeSummary = version.ChangeSummary,
            language = text.Language,
            contentHash = text.ContentHash,
            content = text.Content,
            languages = version.Texts.Select(t => t.Language),
        });
    }

    private static async Task<IResult> ListVersionsAsync(HttpContext http, IPolicyRegistry policies)
    {
        var versions = await policies.ListAsync(http.RequestAborted);
        return Results.Json(versions.Select(v => new
        {
            version = v.Version,
            publishedAt = v.PublishedAt,
            effectiveFrom = v.EffectiveFrom,
            changeKind = v.ChangeKind.ToString(),
            changeSummary = v.ChangeSummary,
            texts = v.Texts.Select(t => new { language = t.Language, contentHash = t.ContentHash }),
        }));
    }

    private static async Task<IResult> DecisionsAsync(HttpContext http, IConsentService consents, PrivacyAspNetCoreOptions options)
    {
        if (options.Endpoints.SubjectOf(http.User) is not { } user)
        {
            return PrivacyProblems.SignInRequired();
        }

        var (subject, problem) = await PersonalReads.SubjectAsync(http, user, options.Endpoints);
        if (problem is not null)
        {
            return problem;
        }

        var purposes = http.RequestServices.GetRequiredService<IOptions<PrivacyOptions>>().Value.Consent.Purposes;
        var result = new List<object>(purposes.Count);
        foreach (var purpose in purposes)
        {
            var decision = await consents.GetDecisionAsync(subject, purpose.Code, null, http.RequestAborted);
            result.Add(new
            {
                purpose = purpose.Code,
                title = new { kk = purpose.TitleKk, ru = purpose.TitleRu, en = purpose.TitleEn },
                legalBasis = purpose.LegalBasis.ToString(),
                explicitOptIn = purpose.RequiresExplicitOptIn,
                decision = decision.ToString(),
            });
        }

        return Results.Json(result);
    }

    private static async Task<IResult> GrantAsync(HttpContext http, IConsentService consents, string purpose, PrivacyAspNetCoreOptions options)
    {
        if (options.Endpoints.SubjectOf(http.User) is not { } user)
        {
            return PrivacyProblems.SignInRequired();
        }

        var body = await ReadAsync(http, PrivacyJsonContext.Default.GrantBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest(
                "The body must be a JSON object with policyVersion and language, and optionally subjectId, subjectBirthDate, relationship, minorAlsoAgreed, "
                + "expiresAt, dataCategories, thirdPartyTransfer, crossBorderTransfer and publicSources; no other member is accepted.");
        }

        // Validated whether or not it is used: the server's date wins, but a date no one has is a wrong request.
        if (ConsentSubjectAge.BodyDateProblem(http, body.SubjectBirthDate) is { } invalidDate)
        {
            return invalidDate;
        }

        var (subject, giver, problem) = await ActorAsync(http, user, body.SubjectId, body.Relationship, options);
        if (problem is not null)
        {
            return problem;
        }

        var (birthDate, ageProblem) = await ConsentSubjectAge.ResolveAsync(http, subject, giver, body.SubjectBirthDate, options.Endpoints);
        if (ageProblem is not null)
        {
            return ageProblem;
        }

        try
        {
            var granted = await consents.GrantAsync(
                new ConsentRequest
                {
                    SubjectId = subject,
                    Purpose = purpose,
                    PolicyVersion = body.PolicyVersion,
                    Language = body.Language ?? options.Endpoints.DefaultLanguage,
                    SubjectBirthDate = birthDate,
                    GivenBy = giver,
                    MinorAlsoAgreed = body.MinorAlsoAgreed,
                    Channel = ConsentChannel.WebForm,
                    IpAddress = http.Connection.RemoteIpAddress,
                    UserAgent = http.Request.Headers.UserAgent.ToString(),
                    ExpiresAt = body.ExpiresAt,
                    DataCategories = body.DataCategories ?? [],
                    ThirdPartyTransfer = body.ThirdPartyTransfer,
                    CrossBorderTransfer = body.CrossBorderTransfer,
                    PublicSources = body.PublicSources,
                },
                http.RequestAborted);
            return Results.Created(ReceiptPath(http, granted.EventId), EventJson(granted));
        }
        catch (ConsentRejectedException ex) when (ex.Reason == ConsentRejectionReason.OperatorNotConfigured)
        {
            return PrivacyProblems.NotConfigured("The operator's name is not configured, so no consent can be recorded.");
        }
        catch (ConsentRejectedException ex)
        {
            return PrivacyProblems.Rejected(ex);
        }
        catch (ArgumentException ex)
        {
            return PrivacyProblems.BadRequest(ex.Message);
        }
    }

    private static async Task<IResult> WithdrawAsync(HttpContext http, IConsentService consents, string purpose, PrivacyAspNetCoreOptions options)
    {
        if (options.Endpoints.SubjectOf(http.User) is not { } user)
        {
            return PrivacyProblems.SignInRequired();
        }

        var body = http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0
            ? await ReadAsync(http, PrivacyJsonContext.Default.WithdrawBody)
            : new WithdrawBody();
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body, when present, must be a JSON object.");
        }

        var (subject, giver, problem) = await ActorAsync(http, user, body.SubjectId, body.Relationship, options);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var withdrawn = await consents.WithdrawAsync(
                new ConsentWithdrawal
                {
                    SubjectId = subject,
                    Purpose = purpose,
                    GivenBy = giver,
                    Channel = ConsentChannel.WebForm,
                    IpAddress = http.Connection.RemoteIpAddress,
                    UserAgent = http.Request.Headers.UserAgent.ToString(),
                },
                http.RequestAborted);
            return Results.Json(EventJson(withdrawn));
        }
        catch (ConsentRejectedException ex)
        {
            return PrivacyProblems.Rejected(ex);
        }
        catch (ArgumentException ex)
        {
            return PrivacyProblems.BadRequest(ex.Message);
        }
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, IConsentService consents, PrivacyAspNetCoreOptions options)
    {
        if (options.Endpoints.SubjectOf(http.User) is not { } user)
        {
            return PrivacyProblems.SignInRequired();
        }

        var (subject, problem) = await PersonalReads.SubjectAsync(http, user, options.Endpoints);
        if (problem is not null)
        {
            return problem;
        }

        var history = await consents.GetHistoryAsync(subject, http.RequestAborted);
        return Results.Json(history.Select(EventJson));
    }

    private static async Task<IResult> ReceiptAsync(HttpContext http, IConsentService consents, Guid id, PrivacyAspNetCoreOptions options)
    {
        if (options.Endpoints.SubjectOf(http.User) is not { } user)
        {
            return PrivacyProblems.SignInRequired();
        }

        var (subject, problem) = await PersonalReads.SubjectAsync(http, user, options.Endpoints);
        if (problem is not null)
        {
            return problem;
        }

        var receipt = await consents.GetReceiptAsync(id, http.RequestAborted);

        // Someone else's receipt is answered like a missing one: its existence is not confirmed. The user's own are
        // theirs, and so are those they gave as a representative; a represented subject's are read with its subjectId.
        if (receipt is null || (receipt.Event.SubjectId != subject && (subject != user || receipt.Event.RepresentativeId != user)))
        {
            return PrivacyProblems.NotFound("There is no such receipt for the signed-in subject.");
        }

        return Results.Content(receipt.ToJson(), "application/json; charset=utf-8");
    }

    private static IResult CookiesResult(HttpContext http, PrivacyAspNetCoreOptions options)
    {
        var allowed = http.Features.Get<ICookieConsentFeature>()?.Allowed ?? CookieCategory.Necessary;
        return Results.Json(new
        {
            consentCookie = options.Cookies.ConsentCookieName,
            categories = new[] { CookieCategory.Necessary, CookieCategory.Functional, CookieCategory.Analytics, CookieCategory.Advertising }.Select(c => new
            {
                category = c.ToString().ToLowerInvariant(),
                consented = (allowed & c) == c,
                cookies = options.Cookies.Cookies.Where(d => d.Category == c).Select(d => new
                {
                    name = d.Name,
                    purpose = d.Purpose,
                    lifetimeSeconds = d.Lifetime is { } l ? (long?)l.TotalSeconds : null,
                }),
            }),
        });
    }

    private static async Task<IResult> SetCookiesAsync(HttpContext http, PrivacyAspNetCoreOptions options)
    {
        if (http.Features.Get<ICookieConsentFeature>() is not { } feature)
        {
            return PrivacyProblems.BadRequest("Cookie consent needs app.UsePrivacyCapture() before the endpoints.");
        }

        var body = await ReadAsync(http, PrivacyJsonContext.Default.CookieChoiceBody);
        if (body is null)
        {
            return PrivacyProblems.BadRequest("The body must be a JSON object with a categories array.");
        }

        var chosen = CookieCategory.None;
        foreach (var name in body.Categories ?? [])
        {
            CookieCategory? category = name switch
            {
                "necessary" => CookieCategory.None,
                "functional" => CookieCategory.Functional,
                "analytics" => CookieCategory.Analytics,
                "advertising" => CookieCategory.Advertising,
                _ => null,
            };
            if (category is null)
            {
                return PrivacyProblems.BadRequest("Categories are necessary, functional, analytics and advertising.");
            }

            chosen |= category.Value;
        }

        feature.SetConsent(chosen);
        return CookiesResult(http, options);
    }

    private static async Task<(string Subject, ConsentGiver Giver, IResult? Problem)> ActorAsync(HttpContext http, string user, string? subjectId, string? relationship, PrivacyAspNetCoreOptions options)
    {
        if (subjectId is null || subjectId == user)
        {
            return (user, ConsentGiver.Subject, null);
        }

        // Checked before the host's callback sees it, as the personal reads and erasure check it: no IIN is an id.
        try
        {
            SubjectIds.Validate(subjectId, PersonalReads.SubjectIdParameter);
        }
        catch (ArgumentException)
        {
            // Fixed words: the id may hold an IIN, which is never repeated.
            return (user, ConsentGiver.Subject, PrivacyProblems.BadRequest("subjectId is the host's opaque id of a person: not empty, at most 128 characters, no control characters and no IIN."));
        }

        if (options.Endpoints.AuthorizeRepresentative is not { } authorize || !await authorize(http, subjectId))
        {
            return (user, ConsentGiver.Subject, PrivacyProblems.Forbidden("The signed-in user may not act for that subject."));
        }

        if (!Enum.TryParse<RepresentativeRelationship>(relationship, ignoreCase: true, out var kind) || kind == RepresentativeRelationship.None || !Enum.IsDefined(kind))
        {
            return (user, ConsentGiver.Subject, PrivacyProblems.BadRequest("Acting for another subject needs relationship: parent, adoptiveParent, guardian or trustee."));
        }

        try
        {
            return (subjectId, ConsentGiver.Representative(user, kind), null);
        }
        catch (ArgumentException ex)
        {
            return (user, ConsentGiver.Subject, PrivacyProblems.BadRequest(ex.Message));
        }
    }

    internal static async Task<T?> ReadAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(http.Request.Body, type, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ReceiptPath(HttpContext http, Guid id)
    {
        var path = http.Request.PathBase.Add(http.Request.Path).Value ?? string.Empty;
        var consents = path.LastIndexOf("/consents/", StringComparison.Ordinal);
        return (consents < 0 ? string.Empty : path[..consents]) + "/consents/receipts/" + id.ToString("D");
    }

    private static object EventJson(ConsentEvent e) => new
    {
        id = e.EventId,
        position = e.Sequence,
        kind = e.Kind.ToString(),
        purpose = e.Purpose,
        occurredAt = e.OccurredAt,
        policyVersion = e.PolicyVersion,
        language = e.Language,
        policyTextHash = e.PolicyTextHash,
        givenBy = e.GivenBy.ToString(),
        relationship = e.GivenBy == ConsentGiverKind.Representative ? e.Relationship.ToString() : null,
        expiresAt = e.ExpiresAt,
        dataCategories = e.DataCategories,
        hash = e.Hash,
    };

    private static bool WantsHtml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);
    }

    // Kazakh and Russian text stays readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder PageEncoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Html(PolicyVersion version, PolicyText text)
    {
        var encoder = PageEncoder;
        var (title, inEffect, kind) = HtmlLabels(text.Language, version);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(encoder.Encode(text.Language)).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(encoder.Encode(title)).Append("</title></head><body><main><h1>")
            .Append(encoder.Encode(title)).Append("</h1><p>")
            .Append(encoder.Encode($"{inEffect} {version.EffectiveFrom.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC ({kind}). SHA-256 {text.ContentHash}"))
            .Append("</p>");
        foreach (var paragraph in text.Content.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(encoder.Encode(paragraph)).Append("</p>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    // The page's own words in the language of the text shown (kk, ru, en; others get English).
    private static (string Title, string InEffect, string Kind) HtmlLabels(string language, PolicyVersion version)
    {
        var material = version.ChangeKind == PolicyChangeKind.Material;
        return language switch
        {
            "kk" => ($"Құпиялылық саясаты, {version.Version}-нұсқа", "Күшіне енген уақыты:", material ? "елеулі өзгеріс" : "редакциялық өзгеріс"),
            "ru" => ($"Политика конфиденциальности, версия {version.Version}", "Действует с", material ? "существенное изменение" : "редакционное изменение"),
            _ => ($"Privacy policy, version {version.Version}", "In effect from", material ? "material change" : "editorial change"),
        };
    }
}
