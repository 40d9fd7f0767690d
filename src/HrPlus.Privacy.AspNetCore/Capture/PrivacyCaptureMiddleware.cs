using HrPlus.Privacy.AspNetCore.Cookies;
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
        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            Capture(context, startedAt, started, failed, consented);
        }
    }

    private void Capture(HttpContext context, DateTimeOffset startedAt, long started, bool failed, CookieCategory consentedAtStart)
    {
        try
        {
            // What served the request is known only now: a static file is left out, a route named like one is not.
            if (!failed && records.IsStaticFile(context))
            {
                return;
            }

            // An exception that escapes the pipeline becomes a 500 in the server unless the response had started.
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
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
