using System.Diagnostics;
using System.Globalization;
using HrPlus.Privacy.AspNetCore.Capture;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// A load measurement beside <see cref="CaptureThroughputBenchmarks"/>: the same two servers (with and without
/// <c>UsePrivacyCapture()</c>) take rounds of requests in alternating order, so drift on a shared machine hits both
/// alike; it reports the median requests per second and the process CPU time per request of each.
/// Run: <c>dotnet run -c Release --project benchmarks/HrPlus.Privacy.Benchmarks -- capture-load</c>.
/// </summary>
internal static class CaptureLoadMeasurement
{
    private const int Rounds = 12;
    private const int BatchesPerRound = 50;     // 50 × 400 = 20,000 requests per round and variant

    public static async Task RunAsync()
    {
        var (plain, plainClient) = CaptureThroughputBenchmarks.Start(capture: false);
        var (captured, capturedClient) = CaptureThroughputBenchmarks.Start(capture: true);
        var (excluded, excludedClient) = CaptureThroughputBenchmarks.Start(capture: true, excludeHello: true);
        var (dropping, droppingClient) = CaptureThroughputBenchmarks.Start(capture: true, queueCapacity: 1);
        var variants = new[]
        {
            ("no capture", plainClient),
            ("UsePrivacyCapture()", capturedClient),
            ("UsePrivacyCapture(), path excluded (cookie gate only)", excludedClient),
            ("UsePrivacyCapture(), queue of 1 (records built, most dropped)", droppingClient),
        };
        var rates = variants.Select(_ => new List<double>()).ToArray();
        var cpu = variants.Select(_ => new List<double>()).ToArray();

        foreach (var (_, client) in variants)
        {
            await RoundAsync(client);    // warm-up: JIT, connections, caches
        }

        for (var round = 0; round < Rounds; round++)
        {
            var order = Enumerable.Range(0, variants.Length).ToArray();
            if (round % 2 == 1)
            {
                Array.Reverse(order);
            }

            foreach (var v in order)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var requests = await RoundAsync(variants[v].Item2);
                watch.Stop();
                var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                rates[v].Add(requests / watch.Elapsed.TotalSeconds);
                cpu[v].Add(cpuUsed.TotalMicroseconds / requests);
            }
        }

        plainClient.Dispose();
        capturedClient.Dispose();
        excludedClient.Dispose();
        droppingClient.Dispose();
        await excluded.StopAsync();
        await dropping.StopAsync();
        var monitor = captured.Services.GetRequiredService<IAccessLogMonitor>();
        await captured.StopAsync();
        await plain.StopAsync();

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{Rounds} rounds of {BatchesPerRound * 400:N0} requests per variant, alternating order, 8 connections, {Environment.ProcessorCount} cores");
        Console.WriteLine("| variant | median requests/s | min–max requests/s | median CPU per request | ratio (requests/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var baseline = Median(rates[0]);
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Format(inv, "| {0} | {1:N0} | {2:N0}–{3:N0} | {4:N2} µs | {5:N3} |",
                variants[v].Item1, Median(rates[v]), rates[v].Min(), rates[v].Max(), Median(cpu[v]), Median(rates[v]) / baseline));
        }

        Console.WriteLine(string.Format(inv, "access log after shutdown: enqueued {0:N0}, persisted {1:N0}, dropped {2:N0}", monitor.Enqueued, monitor.Persisted, monitor.Dropped));
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
}
