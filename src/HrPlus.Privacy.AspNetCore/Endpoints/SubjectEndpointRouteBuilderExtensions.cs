using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Endpoints;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the data-subject obligations over HTTP: the operator's API for blocking, export, erasure, retention, the
/// disclosure log and the breach register. The subject's own routes (<c>me/export</c>, <c>me/block-request</c>) are
/// mapped by <c>MapPrivacyEndpoints</c>.
/// </summary>
public static class SubjectEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the operator's API under <paramref name="prefix"/>: <c>POST</c>/<c>DELETE subjects/{subjectId}/block</c>,
    /// <c>GET subjects/{subjectId}/export</c>, <c>POST subjects/{subjectId}/erase</c>, <c>GET retention/due</c>,
    /// <c>POST</c>/<c>GET disclosures</c>, <c>POST breaches</c>, <c>GET breaches/overdue</c>, <c>GET breaches/{id}</c>,
    /// <c>POST breaches/{id}/authority-notification</c> and <c>POST breaches/{id}/notify-subjects</c>. The acting
    /// operator is the signed-in user's <see cref="PrivacyEndpointOptions.SubjectClaimType"/> claim, recorded in the
    /// audit trail. Errors are RFC 9457 problem details.
    /// </summary>
    /// <remarks>
    /// <para>
    /// These routes erase, block and export anyone's data: they are protected by nothing but the host's authorization,
    /// so they require a policy that admits operators only: <paramref name="authorizationPolicy"/>
    /// (<c>MapPrivacyOperatorEndpoints(authorizationPolicy: "PrivacyOperators")</c>) or, when that is null,
    /// <see cref="PrivacyEndpointOptions.OperatorAuthorizationPolicy"/>. Without either, or with a policy the
    /// authorization options do not define, this method throws: the default policy would admit <em>every
    /// authenticated user</em>, pupils and parents included. More policies can be chained on the returned group
    /// (every policy on the group must pass).
    /// </para>
    /// <para>
    /// Answers to unauthenticated (401) and unauthorized (403) requests come from the host's authentication handlers
    /// (their <c>WWW-Authenticate</c>); an empty one gets a problem-details body. Responses carry
    /// <c>Cache-Control: no-store</c>; every <c>POST</c> needs a JSON body (<c>{}</c> when there is nothing to say), and
    /// bodies are limited to <see cref="PrivacyEndpointOptions.MaxOperatorRequestBodySize"/>.
    /// </para>
    /// </remarks>
    /// <param name="endpoints">The app or route group to map on.</param>
    /// <param name="prefix">The route prefix; <c>/privacy/admin</c> by default.</param>
    /// <param name="authorizationPolicy">
    /// The authorization policy every route requires; <see cref="PrivacyEndpointOptions.OperatorAuthorizationPolicy"/>
    /// when null.
    /// </param>
    /// <returns>The route group, to add conventions such as rate limiting.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> or <paramref name="authorizationPolicy"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">
    /// <c>AddHrPlusPrivacy().AddAspNetCore()</c> or <c>services.AddAuthorization()</c> was not called, no operator policy
    /// was named, or the named policy is not defined.
    /// </exception>
    public static RouteGroupBuilder MapPrivacyOperatorEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/privacy/admin", string? authorizationPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (authorizationPolicy is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(authorizationPolicy);
        }

        PrivacyApplicationBuilderExtensions.EnsureRegistered(endpoints.ServiceProvider, nameof(MapPrivacyOperatorEndpoints));
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } registry && !registry.IsService(typeof(IAuthorizationService)))
        {
            // Without it the routes would fail on every request, after the pipeline was built.
            throw new InvalidOperationException(
                $"{nameof(MapPrivacyOperatorEndpoints)}() protects its routes with authorization: add services.AddAuthorization() with an operators' policy, and app.UseAuthorization().");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<PrivacyAspNetCoreOptions>>().Value.Endpoints;
        var policy = OperatorPolicy(endpoints.ServiceProvider, authorizationPolicy ?? options.OperatorAuthorizationPolicy);
        var group = endpoints.MapGroup(prefix);
        group.RequireAuthorization(policy);
        group.AddEndpointFilter(EndpointRequests.NoStore);

        group.MapPost("subjects/{subjectId}/block", (HttpContext http, ISubjectBlocking blocking, string subjectId) => SubjectEndpointHandlers.BlockAsync(http, blocking, subjectId, options));
        group.MapDelete("subjects/{subjectId}/block", (HttpContext http, ISubjectBlocking blocking, string subjectId) => SubjectEndpointHandlers.UnblockAsync(http, blocking, subjectId, options));
        group.MapGet("subjects/{subjectId}/export", (HttpContext http, ISubjectDataExport export, string subjectId) => SubjectEndpointHandlers.OperatorExportAsync(http, export, subjectId, options));
        group.MapPost("subjects/{subjectId}/erase", (HttpContext http, ISubjectErasure erasure, string subjectId) => SubjectEndpointHandlers.EraseAsync(http, erasure, subjectId, options));
        group.MapGet("retention/due", (HttpContext http, ISubjectErasure erasure, string? at) => SubjectEndpointHandlers.RetentionDueAsync(http, erasure, at));
        group.MapPost("disclosures", (HttpContext http, IDisclosureLog log) => RegisterEndpointHandlers.RecordDisclosureAsync(http, log, options));
        group.MapGet("disclosures", (HttpContext http, IDisclosureLog log, string? from, string? to) => RegisterEndpointHandlers.ListDisclosuresAsync(http, log, from, to));
        group.MapPost("breaches", (HttpContext http, IBreachRegister breaches) => RegisterEndpointHandlers.RegisterBreachAsync(http, breaches, options));
        group.MapGet("breaches/overdue", (HttpContext http, IBreachRegister breaches, string? at) => RegisterEndpointHandlers.OverdueBreachesAsync(http, breaches, at));
        group.MapGet("breaches/{id}", (HttpContext http, IBreachRegister breaches, string id) => RegisterEndpointHandlers.GetBreachAsync(http, breaches, id));
        group.MapPost("breaches/{id}/authority-notification", (HttpContext http, IBreachRegister breaches, string id) => RegisterEndpointHandlers.AuthorityNotificationAsync(http, breaches, id, options));
        group.MapPost("breaches/{id}/notify-subjects", (HttpContext http, IBreachRegister breaches, string id) => RegisterEndpointHandlers.NotifySubjectsAsync(http, breaches, id, options));
        PrivacyHttpConventions.Apply(group, endpoints, prefix, options.MaxOperatorRequestBodySize, hasPublicPolicyRoutes: false);
        PrivacyEndpointDescriptions.Describe(group);
        return group;
    }

    /// <summary>The operators' policy name, checked against the authorization options when the default provider serves them.</summary>
    private static string OperatorPolicy(IServiceProvider services, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException(
                $"{nameof(MapPrivacyOperatorEndpoints)}() erases, blocks and exports anyone's data: name a policy that admits operators only, "
                + $"with authorizationPolicy: \"PrivacyOperators\" or PrivacyEndpointOptions.OperatorAuthorizationPolicy (in AddAspNetCore(o => o.Endpoints...)). "
                + "The default policy would admit every signed-in user.");
        }

        // A custom IAuthorizationPolicyProvider may make policies up on demand; only the default one reads the options.
        if (services.GetService<IAuthorizationPolicyProvider>() is null or DefaultAuthorizationPolicyProvider
            && services.GetService<IOptions<AuthorizationOptions>>()?.Value.GetPolicy(name) is null)
        {
            throw new InvalidOperationException(
                $"{nameof(MapPrivacyOperatorEndpoints)}() requires the authorization policy \"{name}\", which is not defined: add it with services.AddAuthorization(o => o.AddPolicy(\"{name}\", ...)).");
        }

        return name;
    }

    /// <summary>Maps the signed-in subject's own routes on the group of <c>MapPrivacyEndpoints</c>.</summary>
    internal static void MapSubjectSelfService(RouteGroupBuilder group, PrivacyEndpointOptions options)
    {
        group.MapGet("me/export", (HttpContext http, ISubjectDataExport export) => SubjectEndpointHandlers.ExportMineAsync(http, export, options))
            .AddEndpointFilter(EndpointRequests.NoStore);
        group.MapPost("me/block-request", (HttpContext http, ISubjectBlocking blocking) => SubjectEndpointHandlers.BlockRequestAsync(http, blocking, options))
            .AddEndpointFilter(EndpointRequests.NoStore);
    }
}
