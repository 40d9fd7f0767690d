using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// Replaces the host's logging while the tool runs: nothing reaches the console (stdout stays the command's output),
/// and warnings and errors are kept for <c>check</c> and for <c>--verbose</c> on stderr. The SDK never logs a personal
/// value or a key, so what is kept can be shown.
/// </summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedEntry> _entries = new();

    /// <summary>Gets the entries at <see cref="LogLevel.Warning"/> and above, in order.</summary>
    public IReadOnlyList<CapturedEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue(new CapturedEntry(logLevel, category, eventId.Id, formatter(state, exception)));
            }
        }
    }
}

/// <summary>One warning or error the host logged.</summary>
internal sealed record CapturedEntry(LogLevel Level, string Category, int EventId, string Message);
