using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// Gives the SDK's routes RFC 9457 bodies where ASP.NET Core answers with an empty one: no route matched under a
/// prefix (a receipt id that is not a GUID), a wrong method (405), a body over the limit (413, thrown by the server
/// while the handler reads), the host's authentication challenge (401) or forbid (403). Nothing of the request is
/// echoed. Other paths pass untouched. Added first in the pipeline by <see cref="PrivacyProblemsStartupFilter"/>;
/// under <c>UsePathBase</c> it relies on the capture middleware (which runs behind it) to recognise a route-less error.
/// </summary>
internal sealed class PrivacyProblemsMiddleware(RequestDelegate next, PrivacyRoutePrefixes prefixes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted && Covers(context))
        {
            // The server refused the request while it was read (a body over the limit, a malformed chunk): its status, our body.
            context.Response.Clear();
            context.Response.StatusCode = error.StatusCode;
            await WriteAsync(context).ConfigureAwait(false);
            return;
        }

        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentType is null && Covers(context))
        {
            await WriteAsync(context).ConfigureAwait(false);
        }
    }

    // The path here still holds any path base; behind UsePathBase the capture middleware marks the request instead.
    private bool Covers(HttpContext context) =>
        prefixes.Covers(context.Request.Path)
        || context.Features.Get<PrivacyRouteMetadata>() is not null
        || context.GetEndpoint()?.Metadata.GetMetadata<PrivacyRouteMetadata>() is not null;

    private static Task WriteAsync(HttpContext context)
    {
        // Personal answers (and errors about them) are never stored by a cache.
        context.Response.Headers.CacheControl = "no-store";
        return PrivacyProblems.ForStatus(context.Response.StatusCode).ExecuteAsync(context);
    }
}
