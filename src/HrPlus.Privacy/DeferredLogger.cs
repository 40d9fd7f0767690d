using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>
/// Resolves the real logger on first use. Services that log are needed by the log pipeline itself when
/// redaction is on (pseudonymizing redactors need the key ring), so resolving the logger factory in their
/// constructors would make a dependency cycle.
/// </summary>
internal sealed class DeferredLogger(Func<ILogger> create) : ILogger
{
    private readonly Lazy<ILogger> _logger = new(create, LazyThreadSafetyMode.PublicationOnly);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.Value.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.Value.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Value.Log(logLevel, eventId, state, exception, formatter);
}
