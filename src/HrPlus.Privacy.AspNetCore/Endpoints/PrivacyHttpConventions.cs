using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The HTTP rules every route of a group the SDK maps follows, applied as group conventions so the handlers stay about
/// their work: personal answers are <c>Cache-Control: no-store</c> (the public policy routes send <c>Vary: Accept</c>
/// instead, as they choose HTML or JSON by it); request bodies are limited per route; a state-changing <c>POST</c>
/// needs a JSON body (a cross-site form cannot send one); and empty error answers get problem details.
/// </summary>
internal static class PrivacyHttpConventions
{
    public static void Apply(RouteGroupBuilder group, IEndpointRouteBuilder endpoints, string prefix, long maxRequestBodySize, bool hasPublicPolicyRoutes)
    {
        endpoints.ServiceProvider.GetRequiredService<PrivacyRoutePrefixes>().Add(prefix);
        ((IEndpointConventionBuilder)group).Add(builder =>
        {
            builder.Metadata.Add(PrivacyRouteMetadata.Instance);
            var isPolicy = hasPublicPolicyRoutes && builder is RouteEndpointBuilder route && IsPolicyRoute(route.RoutePattern);
            builder.FilterFactories.Add((_, next) => async context =>
            {
                var http = context.HttpContext;
                if (isPolicy)
                {
                    http.Response.Headers.Append("Vary", "Accept");
                }
                else
                {
                    http.Response.Headers.CacheControl = "no-store";
                }

                if (LimitBody(http, maxRequestBodySize) is { } tooLarge)
                {
                    return tooLarge;
                }

                if (HttpMethods.IsPost(http.Request.Method))
                {
                    if (!http.Request.HasJsonContentType())
                    {
                        return PrivacyProblems.UnsupportedMediaType();
                    }

                    // A JSON content type with nothing behind it is not a JSON body either.
                    if (http.Request.ContentLength == 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count == 0))
                    {
                        return PrivacyProblems.BadRequest("The body must be a JSON object ({} when there is nothing to say).");
                    }
                }

                return await next(context).ConfigureAwait(false);
            });
        });
    }

    // A declared length over the limit is refused at once; otherwise the server stops reading at the limit (and
    // PrivacyProblemsMiddleware answers its 413).
    private static IResult? LimitBody(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit)
        {
            return PrivacyProblems.PayloadTooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize > limit))
        {
            feature.MaxRequestBodySize = limit;
        }

        return null;
    }

    // The policy routes by the end of their pattern (policy, policy/versions, policy/{version}), so a group nested in
    // another group (whose segments come first) is read the same.
    private static bool IsPolicyRoute(RoutePattern pattern)
    {
        var segments = pattern.PathSegments;
        var last = segments.Count > 0 ? segments[^1].Parts : [];
        var previous = segments.Count > 1 ? segments[^2].Parts : [];
        return last is [RoutePatternLiteralPart { Content: "policy" }]
            || (previous is [RoutePatternLiteralPart { Content: "policy" }]
                && last is [RoutePatternLiteralPart { Content: "versions" }] or [RoutePatternParameterPart { Name: "version" }]);
    }
}
