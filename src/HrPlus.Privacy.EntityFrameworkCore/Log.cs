using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.EntityFrameworkCore;

/// <summary>Log messages of the Entity Framework Core package; stable event ids, never personal data or key material.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Could not publish a {Change} change notification; other instances see the change at their next poll.")]
    public static partial void NotifyFailed(ILogger logger, string change, Exception exception);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Information, Message = "Listening for HrPlus.Privacy change notifications on PostgreSQL.")]
    public static partial void Listening(ILogger logger);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "The PostgreSQL change notification connection failed; listening again in {Delay} and reloading every cache then.")]
    public static partial void ListenFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Debug, Message = "Ignored a notification on the HrPlus.Privacy channel that is not a known change.")]
    public static partial void UnknownNotification(ILogger logger);

    [LoggerMessage(EventId = 1515, Level = LogLevel.Warning, Message = "The change notification listener could not start (the context could not be built); this instance polls instead.")]
    public static partial void ListenerNotStarted(ILogger logger, Exception exception);
}
