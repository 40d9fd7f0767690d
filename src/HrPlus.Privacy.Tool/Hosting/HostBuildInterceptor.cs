using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// Watches the "Microsoft.Extensions.Hosting" diagnostic events that <c>HostBuilder</c>, <c>HostApplicationBuilder</c>
/// and <c>WebApplicationBuilder</c> write while they build: on "HostBuilding" it replaces the app's logging with the
/// tool's <see cref="CapturedLog"/>; on "HostBuilt" it keeps the host and throws <see cref="HostCapturedException"/>,
/// which ends the app's entry point before anything after <c>Build()</c> runs (no server starts, no seeding).
/// </summary>
internal sealed class HostBuildInterceptor(CapturedLog log) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string ListenerName = "Microsoft.Extensions.Hosting";
    private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();

    /// <summary>Gets the <c>DbContext</c> types the app registered, seen while its services were being built.</summary>
    public IReadOnlyList<Type> DbContextTypes { get; private set; } = [];

    /// <summary>Gets the task that completes with the host once the app has built it.</summary>
    public Task<IHost> Built => _built.Task;

    public IDisposable Start()
    {
        lock (_lock)
        {
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        return this;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == ListenerName)
        {
            lock (_lock)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (_built.Task.IsCompleted)
        {
            return;
        }

        if (value.Key == "HostBuilding" && value.Value is IHostBuilder builder)
        {
            builder.ConfigureServices(services =>
            {
                DbContextTypes = [.. services
                    .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.DbContextOptions<>))
                    .Select(d => d.ServiceType.GetGenericArguments()[0])
                    .Distinct()];
                services.RemoveAll<ILoggerProvider>();
                services.AddSingleton<ILoggerProvider>(log);
            });
        }
        else if (value.Key == "HostBuilt" && value.Value is IHost host)
        {
            _built.TrySetResult(host);
            throw new HostCapturedException();
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            _subscriptions.Clear();
        }
    }
}

/// <summary>Thrown into the app's entry point right after its host is built, to stop it there.</summary>
internal sealed class HostCapturedException() : Exception("hrplus stopped the app after its host was built.");
