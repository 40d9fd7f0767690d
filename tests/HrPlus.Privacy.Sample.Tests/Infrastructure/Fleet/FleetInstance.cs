using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// One instance of the sample as an OS process of its own (<c>dotnet HrPlus.Privacy.Sample.dll</c>), with a data folder
/// and a HOME of its own as on a separate machine, listening on 127.0.0.1 at a free port. It can be killed with
/// SIGKILL and started again over the same folder. Requests go through <see cref="SendAsync"/>, which counts them in
/// flight and waits while the instance is taken out of rotation (as a load balancer does before a restart).
/// </summary>
public sealed partial class FleetInstance : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _settings;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private HttpClient? _client;
    private int _inFlight;
    private volatile TaskCompletionSource _open = Opened();

    public FleetInstance(string name, DirectoryInfo folder, IReadOnlyList<string> settings)
    {
        Name = name;
        Folder = folder;
        _settings = settings;
    }

    public string Name { get; }

    public DirectoryInfo Folder { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Gets the process id of the running instance.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Gets the log lines at warning level or above the instance wrote (all its runs).</summary>
    public IReadOnlyList<string> Problems => [.. _log.Where(l => Level(l) is "warn:" or "fail:" or "crit:")];

    /// <summary>Gets every line the instance wrote (all its runs).</summary>
    public IReadOnlyList<string> Lines => [.. _log];

    /// <summary>Starts the process (on a new free port) without waiting for it to listen.</summary>
    public void Launch()
    {
        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        var home = Directory.CreateDirectory(Path.Combine(Folder.FullName, "home"));
        var dll = SampleDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[dll, "--urls", Address.ToString().TrimEnd('/'), "--environment", "Production",
            "--Sample:DataDirectory", Path.Combine(Folder.FullName, "data"), "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:HrPlus", Environment.GetEnvironmentVariable("HRPLUS_FLEET_LOG_LEVEL") ?? "Warning",
            "--Logging:Console:FormatterName", "simple", "--Logging:Console:FormatterOptions:SingleLine", "true",
            "--Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff ", "--Logging:Console:FormatterOptions:UseUtcTimestamp", "true", .. _settings])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home.FullName;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Name}: dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client?.Dispose();
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    /// <summary>Waits until the instance answers its home page (or fails, naming what it logged).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting:\n{Tail()}");
            }

            try
            {
                using var response = await _client!.GetAsync("/?lang=en");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    // One form page first, so the antiforgery cookie is set before the workers come: concurrent first
                    // form pages on an empty cookie jar each set a cookie of their own, and a form posted with its
                    // token beside another page's cookie is refused (400).
                    using var form = await _client.GetAsync("/pupils/new?lang=en");
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Name} did not answer within {timeout}:\n{Tail()}");
    }

    /// <summary>Takes the instance out of rotation and waits until no request of ours is in flight on it.</summary>
    public async Task DrainAsync()
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Puts the instance back into rotation.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Ends the process with SIGKILL (no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process!.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Holds the instance in rotation for a step of several requests (a form page and its post): a drain waits until the step
    /// ends, so the instance is never killed and restarted (a new cookie jar) between the page and the post that uses its
    /// token. The step's own requests pass <c>bypassGate: true</c>.
    /// </summary>
    public async Task<IDisposable> BeginStepAsync()
    {
        await EnterAsync();
        return new Step(this);
    }

    /// <summary>Sends a request once the instance is in rotation (the caller builds it; redirects are not followed).</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, bool bypassGate = false)
    {
        if (bypassGate)
        {
            Interlocked.Increment(ref _inFlight);
        }
        else
        {
            await EnterAsync();
        }

        try
        {
            using var message = request();
            return await _client!.SendAsync(message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    // Counts a request in flight once the instance is in rotation. Counted first, then the gate read: a drain that closes the
    // gate after that read waits for this request, and one that closed it before is waited out here.
    private async Task EnterAsync()
    {
        while (true)
        {
            Interlocked.Increment(ref _inFlight);
            var open = _open;
            if (open.Task.IsCompleted)
            {
                return;
            }

            Interlocked.Decrement(ref _inFlight);
            await open.Task;
        }
    }

    private sealed class Step(FleetInstance owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }

    /// <summary>Gets a page: its status and HTML.</summary>
    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path, bool bypassGate = false)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), bypassGate);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form as a browser would, with the antiforgery token of the page it came from (<paramref name="formHtml"/>).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string formHtml, string action, IEnumerable<KeyValuePair<string, string>> fields, bool bypassGate = false)
    {
        var token = TokenPattern().Match(formHtml);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{Name}: no antiforgery token on the page before {action}.");
        }

        var all = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))).ToList();
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(all) }, bypassGate);
    }

    /// <summary>Gets the last lines the instance wrote.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _log.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>The sample built beside this project: samples/HrPlus.Privacy.Sample/bin/&lt;configuration&gt;/&lt;tfm&gt;/.</summary>
    public static string SampleDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HrPlus.Privacy.sln")))
        {
            root = root.Parent;
        }

        var configuration = output.Parent!.Name is "Debug" or "Release" ? output.Parent.Name : "Release";
        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root (HrPlus.Privacy.sln) was not found above " + output.FullName),
            "samples", "HrPlus.Privacy.Sample", "bin", configuration, "net10.0", "HrPlus.Privacy.Sample.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"The sample was not built at {path}.");
    }

    // A line starts with its UTC time ("HH:mm:ss.fff "), then the level.
    private static string Level(string line) => line.Length > 18 ? line.Substring(13, 5) : string.Empty;

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
