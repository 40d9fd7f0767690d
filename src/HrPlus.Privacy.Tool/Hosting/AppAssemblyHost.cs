using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>
/// Builds the host app's services from its compiled assembly, the way <c>dotnet ef</c> does: the app's entry point runs
/// (in this process, with the app's arguments) until it has built its host, and stops there.
/// </summary>
internal static class AppAssemblyHost
{
    public static async Task<LoadedHost> LoadAsync(string assemblyPath, string? environment, IReadOnlyList<string> appArgs, TimeSpan timeout)
    {
        var path = Path.GetFullPath(assemblyPath);
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"The startup assembly '{path}' does not exist: build the app first or give --project.");
        }

        CheckSdkVersion(path);
        if (environment is { Length: > 0 })
        {
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", environment);
            Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", environment);
        }

        // The app finds appsettings.json in its content root, which is the working directory by default.
        Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
        var context = new HostAssemblyLoadContext(path);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(path);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"'{path}' is not a .NET assembly this tool can load: {ex.Message}", ex);
        }

        var entryPoint = assembly.EntryPoint
            ?? throw new ToolException(ExitCodes.HostUnavailable, $"'{Path.GetFileName(path)}' has no entry point: give the app's startup assembly, or use --config.");
        var args = new List<string>(appArgs);
        if (environment is { Length: > 0 })
        {
            args.Add("--environment");
            args.Add(environment);
        }

        var log = new CapturedLog();
        var interceptor = new HostBuildInterceptor(log);
        using var subscription = interceptor.Start();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args.ToArray()]);
                ended.TrySetResult();
            }
            catch (Exception ex)
            {
                ended.TrySetException(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex);
            }
        })
        { IsBackground = true, Name = "hrplus host entry point" };
        thread.Start();

        var first = await Task.WhenAny(interceptor.Built, ended.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (interceptor.Built.IsCompletedSuccessfully)
        {
            var host = await interceptor.Built.ConfigureAwait(false);
            var name = assembly.GetName().Name;
            var env = environment is { Length: > 0 } ? environment : "default environment";
            return new LoadedHost(host.Services, $"{name} ({env})", log, new HostOwner(host)) { DbContextTypes = interceptor.DbContextTypes };
        }

        if (first == ended.Task)
        {
            var error = ended.Task.Exception?.InnerException;
            throw error is null
                ? new ToolException(ExitCodes.HostUnavailable, $"The entry point of '{Path.GetFileName(path)}' returned without building a host (HostBuilder, HostApplicationBuilder or WebApplicationBuilder): use --config instead.")
                : new ToolException(ExitCodes.HostUnavailable, $"The app failed before its host was built: {error.GetType().Name}: {error.Message}", error);
        }

        throw new ToolException(ExitCodes.HostUnavailable, $"The app did not build its host within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>
    /// The app's services run on the tool's copy of HrPlus.Privacy (see <see cref="HostAssemblyLoadContext"/>): an app
    /// built against another major or minor version is refused instead of failing later in an odd place.
    /// </summary>
    private static void CheckSdkVersion(string path)
    {
        var depsFile = Path.ChangeExtension(path, ".deps.json");
        if (!File.Exists(depsFile))
        {
            return;
        }

        string? appVersionText = null;
        using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(depsFile)))
        {
            if (document.RootElement.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                appVersionText = libraries.EnumerateObject()
                    .Select(l => l.Name.Split('/'))
                    .FirstOrDefault(n => n.Length == 2 && string.Equals(n[0], "HrPlus.Privacy", StringComparison.OrdinalIgnoreCase))?[1];
            }
        }

        var toolVersion = typeof(HrPlus.Privacy.Encryption.IFieldKeyRing).Assembly.GetName().Version!;
        if (appVersionText is not null && Version.TryParse(appVersionText.Split('-', '+')[0], out var appVersion)
            && (appVersion.Major != toolVersion.Major || appVersion.Minor != toolVersion.Minor))
        {
            throw new ToolException(
                ExitCodes.HostUnavailable,
                $"The app uses HrPlus.Privacy {appVersionText}, this tool is built on {toolVersion.ToString(3)}: install the tool version that matches the app (dotnet tool install HrPlus.Privacy.Tool --version {appVersionText}).");
        }
    }

    private sealed class HostOwner(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }
}
