using System.Diagnostics;
using System.Globalization;
using HrPlus.Privacy.AspNetCore.Capture;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// A load measurement beside <see cref="CaptureThroughputBenchmarks"/>, with the server out of the client's way: each
/// variant's Kestrel server runs in its own process pinned to core 1 while this process, the load generator, is
/// pinned to core 0. Rounds of requests go to the variants in alternating order, so drift hits them alike; the server
/// process's CPU time per request is what a loaded server pays, and its inverse is its ceiling in requests per second.
/// Run: <c>dotnet run -c Release --project benchmarks/HrPlus.Privacy.Benchmarks -- capture-load</c>.
/// </summary>
internal static class CaptureLoadMeasurement
{
    private static int Rounds = 12;
    private static int BatchesPerRound = 50;     // 50 × 400 = 20,000 requests per round and variant

    private static readonly (string Name, string Argument)[] Variants =
    [
        ("no capture", "plain"),
        ("UsePrivacyCapture()", "capture"),
        ("UsePrivacyCapture(), path excluded (cookie gate only)", "excluded"),
        ("UsePrivacyCapture(), queue of 1 (records built, most dropped)", "dropping"),
    ];

    /// <summary>Runs the measurement: <c>capture-load [rounds] [batches of 400 per round]</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        if (args.Length >= 2)
        {
            Rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
            BatchesPerRound = int.Parse(args[1], CultureInfo.InvariantCulture);
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            // The client on the first core, each server on the second (the measurement's set-up on Linux).
            Process.GetCurrentProcess().ProcessorAffinity = 0b01;
        }

        var servers = Variants.Select(v => Server.Start(v.Argument)).ToArray();
        try
        {
            var clients = servers.Select(s => CaptureThroughputBenchmarks.NewClient(s.Address)).ToArray();
            var rates = Variants.Select(_ => new List<double>()).ToArray();
            var cpu = Variants.Select(_ => new List<double>()).ToArray();
            for (var v = 0; v < Variants.Length; v++)
            {
                await RoundAsync(clients[v]);    // warm-up: JIT, connections, caches
            }

            for (var round = 0; round < Rounds; round++)
            {
                var order = Enumerable.Range(0, Variants.Length).ToArray();
                if (round % 2 == 1)
                {
                    Array.Reverse(order);
                }

                foreach (var v in order)
                {
                    var cpuBefore = servers[v].CpuTime;
                    var watch = Stopwatch.StartNew();
                    var requests = await RoundAsync(clients[v]);
                    watch.Stop();
                    rates[v].Add(requests / watch.Elapsed.TotalSeconds);
                    cpu[v].Add((servers[v].CpuTime - cpuBefore).TotalMicroseconds / requests);
                }
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"{Rounds} rounds of {BatchesPerRound * 400:N0} requests per variant, alternating order, 8 connections; server processes on core 1, load generator on core 0");
            Console.WriteLine("| variant | median server CPU per request | min–max | ratio (CPU) | median requests/s | ratio (requests/s) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            var baseCpu = Median(cpu[0]);
            var baseRate = Median(rates[0]);
            for (var v = 0; v < Variants.Length; v++)
            {
                Console.WriteLine(string.Format(inv, "| {0} | {1:N2} µs | {2:N2}–{3:N2} µs | {4:N3} | {5:N0} | {6:N3} |",
                    Variants[v].Name, Median(cpu[v]), cpu[v].Min(), cpu[v].Max(), Median(cpu[v]) / baseCpu, Median(rates[v]), Median(rates[v]) / baseRate));
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            for (var v = 0; v < servers.Length; v++)
            {
                var summary = servers[v].Stop();
                if (v == 1)
                {
                    Console.WriteLine("access log of the capture server after shutdown: " + summary);
                }
            }
        }
    }

    /// <summary>The server side: <c>capture-server plain|capture|excluded|dropping</c>; prints its address, stops when stdin closes.</summary>
    public static async Task ServeAsync(string variant)
    {
        var (app, address) = CaptureThroughputBenchmarks.StartServer(
            capture: variant != "plain", excludeHello: variant == "excluded", queueCapacity: variant == "dropping" ? 1 : 10_000);
        Console.WriteLine(address);
        await Console.In.ReadToEndAsync();
        var monitor = app.Services.GetService<IAccessLogMonitor>();
        await app.StopAsync();
        Console.WriteLine(monitor is null ? "no capture" : string.Format(CultureInfo.InvariantCulture,
            "enqueued {0:N0}, persisted {1:N0}, dropped {2:N0}", monitor.Enqueued, monitor.Persisted, monitor.Dropped));
    }

    private static async Task<int> RoundAsync(HttpClient client)
    {
        var total = 0;
        for (var i = 0; i < BatchesPerRound; i++)
        {
            total += await CaptureThroughputBenchmarks.RunAsync(client);
        }

        return total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class Server
    {
        private readonly Process _process;

        private Server(Process process, string address)
        {
            _process = process;
            Address = address;
        }

        public string Address { get; }

        public TimeSpan CpuTime
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public static Server Start(string variant)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Server).Assembly.Location);
            }

            start.ArgumentList.Add("capture-server");
            start.ArgumentList.Add(variant);
            var process = Process.Start(start)!;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                process.ProcessorAffinity = 0b10;
            }

            var address = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The {variant} server did not start.");
            return new Server(process, address);
        }

        public string Stop()
        {
            _process.StandardInput.Close();
            var summary = _process.StandardOutput.ReadToEnd().Trim();
            _process.WaitForExit();
            return summary;
        }
    }
}
