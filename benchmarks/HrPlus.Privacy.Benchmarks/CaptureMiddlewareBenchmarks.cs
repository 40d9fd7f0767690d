using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// The request-path cost of <c>UsePrivacyCapture()</c> alone: one request through the middleware pipeline on an
/// in-memory <see cref="HttpContext"/> (no sockets, no client), against the same pipeline without it. The writer runs
/// as in an app, counting what it is handed.
/// </summary>
[MemoryDiagnoser]
public class CaptureMiddlewareBenchmarks
{
    private WebApplication _app = null!;
    private RequestDelegate _plain = null!;
    private RequestDelegate _captured = null!;
    private HrPlus.Privacy.AspNetCore.Cookies.CookieGate _gate = null!;
    private HrPlus.Privacy.AspNetCore.Capture.AccessRecordFactory _records = null!;
    private DefaultHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores().AddAspNetCore();
        builder.Services.AddSingleton<HrPlus.Privacy.AccessLog.IAccessLogStore, CaptureThroughputBenchmarks.CountingStore>();
        _app = builder.Build();
        _app.StartAsync().GetAwaiter().GetResult();

        var plain = new ApplicationBuilder(_app.Services);
        plain.Run(Hello);
        _plain = plain.Build();
        var captured = new ApplicationBuilder(_app.Services);
        captured.UsePrivacyCapture();
        captured.Run(Hello);
        _captured = captured.Build();
        _gate = _app.Services.GetRequiredService<HrPlus.Privacy.AspNetCore.Cookies.CookieGate>();
        _records = _app.Services.GetRequiredService<HrPlus.Privacy.AspNetCore.Capture.AccessRecordFactory>();
        _context = NewContext();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.StopAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "pipeline without capture")]
    public async Task<int> WithoutCapture()
    {
        var context = NewContext();
        await _plain(context);
        return context.Response.StatusCode;
    }

    [Benchmark(Description = "pipeline with UsePrivacyCapture()")]
    public async Task<int> WithCapture()
    {
        var context = NewContext();
        await _captured(context);
        return context.Response.StatusCode;
    }

    [Benchmark(Description = "split: cookie gate (read choice, install features)")]
    public object CookieGateOnly()
    {
        var context = NewContext();
        return _gate.Attach(context);
    }

    [Benchmark(Description = "split: build the access record")]
    public object RecordOnly() =>
        _records.Create(_context, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(1), 200, HrPlus.Privacy.AspNetCore.Cookies.CookieCategory.Necessary, null);

    private static Task Hello(HttpContext context)
    {
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Path = "/hello";
        request.QueryString = new QueryString("?x=1");
        request.Headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) HrPlus.Privacy.Benchmarks/1.0";
        request.Headers.Referer = "https://school.kz/list?page=2";
        request.Headers.Cookie = "session=abc; theme=dark";
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.44");
        return context;
    }
}
