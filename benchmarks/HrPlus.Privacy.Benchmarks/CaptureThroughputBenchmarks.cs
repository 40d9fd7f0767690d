using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// Requests per second of a minimal endpoint on Kestrel (loopback), with and without <c>UsePrivacyCapture()</c>, in
/// the same run: each operation is one request, sent by 8 concurrent keep-alive connections in batches of 400.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 20)]
public class CaptureThroughputBenchmarks
{
    private const int Batch = 400;
    private const int Concurrency = 8;
    private WebApplication _plain = null!;
    private WebApplication _captured = null!;
    private WebApplication _excluded = null!;
    private HttpClient _excludedClient = null!;
    private WebApplication _dropping = null!;
    private HttpClient _droppingClient = null!;
    private HttpClient _plainClient = null!;
    private HttpClient _capturedClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_plain, _plainClient) = Start(capture: false);
        (_captured, _capturedClient) = Start(capture: true);
        (_excluded, _excludedClient) = Start(capture: true, excludeHello: true);
        (_dropping, _droppingClient) = Start(capture: true, queueCapacity: 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainClient.Dispose();
        _capturedClient.Dispose();
        _excludedClient.Dispose();
        _excluded.StopAsync().GetAwaiter().GetResult();
        _droppingClient.Dispose();
        _dropping.StopAsync().GetAwaiter().GetResult();
        _plain.StopAsync().GetAwaiter().GetResult();
        _captured.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "minimal endpoint, no capture")]
    public Task<int> WithoutCapture() => RunAsync(_plainClient);

    [Benchmark(OperationsPerInvoke = Batch, Description = "minimal endpoint, UsePrivacyCapture()")]
    public Task<int> WithCapture() => RunAsync(_capturedClient);

    [Benchmark(OperationsPerInvoke = Batch, Description = "UsePrivacyCapture(), path excluded (cookie gate only)")]
    public Task<int> WithCaptureExcluded() => RunAsync(_excludedClient);

    [Benchmark(OperationsPerInvoke = Batch, Description = "UsePrivacyCapture(), queue of 1 (records built, most dropped)")]
    public Task<int> WithCaptureDropping() => RunAsync(_droppingClient);

    internal static async Task<int> RunAsync(HttpClient client)
    {
        var ok = 0;
        await Parallel.ForAsync(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (_, ct) =>
        {
            using var response = await client.GetAsync("hello?x=1", ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref ok);
            }
        });
        return ok == Batch ? ok : throw new InvalidOperationException($"{Batch - ok} requests failed.");
    }

    internal static (WebApplication App, HttpClient Client) Start(bool capture, bool excludeHello = false, int queueCapacity = 10_000)
    {
        var (app, address) = StartServer(capture, excludeHello, queueCapacity);
        return (app, NewClient(address));
    }

    internal static (WebApplication App, string Address) StartServer(bool capture, bool excludeHello = false, int queueCapacity = 10_000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores().AddAspNetCore(o =>
        {
            o.Capture.QueueCapacity = queueCapacity;
            if (excludeHello)
            {
                o.Capture.ExcludedPaths.Add(new Microsoft.AspNetCore.Http.PathString("/hello"));
            }
        });

        // A store that only counts: the database's cost is the writer's, off the request path; an in-memory list that
        // grows by millions of records would measure the garbage collector instead.
        builder.Services.AddSingleton<HrPlus.Privacy.AccessLog.IAccessLogStore, CountingStore>();
        var app = builder.Build();
        if (capture)
        {
            app.UsePrivacyCapture();
        }

        app.MapGet("/hello", () => "hello");
        app.StartAsync().GetAwaiter().GetResult();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    internal static HttpClient NewClient(string address)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseCookies = false }) { BaseAddress = new Uri(address + "/") };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("HrPlus.Privacy.Benchmarks/1.0");
        client.DefaultRequestHeaders.Referrer = new Uri("https://school.kz/list?page=2");
        client.DefaultRequestHeaders.Add("Cookie", "session=abc; theme=dark");
        return client;
    }

    internal sealed class CountingStore : HrPlus.Privacy.AccessLog.IAccessLogStore
    {
        private long _count;

        public ValueTask AppendAsync(IReadOnlyList<HrPlus.Privacy.AccessLog.AccessRecord> records, IReadOnlyList<HrPlus.Privacy.AccessLog.IpStatistic> statistics, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _count, records.Count);
            return ValueTask.CompletedTask;
        }

        public ValueTask<IReadOnlyList<HrPlus.Privacy.AccessLog.AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<HrPlus.Privacy.AccessLog.AccessRecord>>([]);

        public ValueTask<IReadOnlyList<HrPlus.Privacy.AccessLog.IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<HrPlus.Privacy.AccessLog.IpStatistic>>([]);

        public ValueTask<IReadOnlyList<HrPlus.Privacy.AccessLog.AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<HrPlus.Privacy.AccessLog.AccessRecord>>([]);

        public ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken) => ValueTask.FromResult(0);
    }
}
