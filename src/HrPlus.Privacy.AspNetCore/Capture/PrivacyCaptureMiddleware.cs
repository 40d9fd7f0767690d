using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>
/// Installs the cookie choice and gate, runs the rest of the pipeline, then offers one access record to the
/// queue. It never throws, never waits for storage and never changes the response.
/// </summary>
internal sealed partial class PrivacyCaptureMiddleware(
    RequestDelegate next,
    AccessLogQueue queue,
    AccessRecordFactory records,
    CookieGate cookies,
    PrivacyRoutePrefixes prefixes,
    TimeProvider time,
    ILogger<PrivacyCaptureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        CookieCategory consented;
        try
        {
            consented = cookies.Attach(context).Allowed;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            consented = CookieCategory.Necessary;
            LogCaptureFailed(logger, ex.GetType().Name);
        }

        if (records.IsExcluded(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        int? failedWith = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The server answers a refused request (a body over the limit) with the exception's status, anything else with 500.
            failedWith = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            MarkPrivacyRoute(context);
            Capture(context, startedAt, started, failedWith, consented);
        }
    }

    // Here, behind UsePathBase, the path is the app's own: an error under one of the SDK's prefixes is marked for
    // PrivacyProblemsMiddleware, which runs first in the pipeline and sees the path before the base was taken off.
    private void MarkPrivacyRoute(HttpContext context)
    {
        if (context.Response.StatusCode >= 400 && prefixes.Covers(context.Request.Path))
        {
            context.Features.Set(PrivacyRouteMetadata.Instance);
        }
    }

    private void Capture(HttpContext context, DateTimeOffset startedAt, long started, int? failedWith, CookieCategory consentedAtStart)
    {
        try
        {
            // What served the request is known only now: a static file is left out, a route named like one is not.
            if (failedWith is null && records.IsStaticFile(context))
            {
                return;
            }

            // An exception that escapes the pipeline becomes its status in the server unless the response had started.
            var status = failedWith is { } failed && !context.Response.HasStarted ? failed : context.Response.StatusCode;
            var consented = context.Features.Get<ICookieConsentFeature>()?.Allowed ?? consentedAtStart;
            queue.Offer(AccessRecordFactory.Capture(context, startedAt, time.GetElapsedTime(started), status, consented, records.SubjectOf(context)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Counted as enqueued and dropped, so the accounting still adds up.
            queue.OfferFailed();
            LogCaptureFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Request capture failed ({Error}); the request went on unchanged.")]
    private static partial void LogCaptureFailed(ILogger logger, string error);
}
