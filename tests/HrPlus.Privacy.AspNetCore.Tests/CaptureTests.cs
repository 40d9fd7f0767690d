using System.Net;
using System.Net.Sockets;
using System.Text;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>The capture middleware on a real Kestrel server.</summary>
public sealed class CaptureTests
{
    [Fact]
    public async Task Record_MatchesTheRequestFieldByField_WithoutQueryStringsOrCookieValues()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/pupils/{id}", async (HttpContext c) =>
        {
            await Task.Delay(20);
            c.Response.StatusCode = 201;
            await c.Response.WriteAsync("ok");
        }));
        using var request = TestApp.Request(HttpMethod.Get, "pupils/42?iin=100412500013&q=secret", "user-1");
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64)");
        request.Headers.Referrer = new Uri("https://school.kz/search/pupils?q=%D0%91%D0%B5%D0%BA%D0%BE%D0%B2%D0%B0#top");
        request.Headers.Add("Cookie", "session=abc123; theme=dark");
        var before = DateTimeOffset.UtcNow;

        using var response = await app.Client.SendAsync(request);
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal("GET", record.Method);
        Assert.Equal("/pupils/42", record.Path);
        Assert.Equal("https://school.kz/search/pupils", record.Referer);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", record.UserAgent);
        Assert.Equal(["session", "theme"], record.CookieNames);
        Assert.Equal(201, record.StatusCode);
        Assert.Equal("127.0.0.0", record.ClientIp);
        Assert.Equal(app.Pseudonymizer.PseudonymizeIpAddress(IPAddress.Parse("127.0.0.0"), "ip-statistics"), record.NetworkPseudonym);
        Assert.Equal(app.Pseudonymizer.Pseudonymize("user-1", "access-log"), record.SubjectPseudonym);
        Assert.Null(record.CookieConsent);
        Assert.InRange(record.DurationMilliseconds, 15, 10_000);
        Assert.InRange(record.Timestamp, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        var everything = string.Join('|', record.Path, record.Referer, record.UserAgent, string.Join(',', record.CookieNames), record.SubjectPseudonym);
        foreach (var secret in new[] { "100412500013", "secret", "abc123", "dark", "%D0%91", "top", "user-1" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.Equal(1, app.Monitor.Enqueued);
        Assert.Equal(1, app.Monitor.Persisted);
        Assert.Equal(0, app.Monitor.Dropped);
    }

    [Fact]
    public async Task ExcludedPaths_AreNotRecorded()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapGet("/health", () => "healthy");
            a.MapGet("/page", () => "page");
        });

        (await app.Client.GetAsync("health")).Dispose();
        (await app.Client.GetAsync("page")).Dispose();
        await app.StopAsync();

        Assert.Equal(["/page"], (await app.RecordsAsync()).Select(r => r.Path));
        Assert.Equal(1, app.Monitor.Enqueued);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SpoofedForwardedFor_WithoutATrustedProxy_IsIgnored(bool forwardedHeadersMiddleware)
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/", () => "x"),
            o => o.Capture.ClientIp = IpAddressMode.Full,
            beforeCapture: a =>
            {
                if (forwardedHeadersMiddleware)
                {
                    // Only 10.0.0.1 is a proxy; the loopback client is not. (Empty lists would trust everyone.)
                    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
                    forwarded.KnownProxies.Clear();
                    forwarded.KnownIPNetworks.Clear();
                    forwarded.KnownProxies.Add(IPAddress.Parse("10.0.0.1"));
                    a.UseForwardedHeaders(forwarded);
                }
            });
        using var request = TestApp.Request(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        (await app.Client.SendAsync(request)).Dispose();
        await app.StopAsync();

        Assert.Equal("127.0.0.1", Assert.Single(await app.RecordsAsync()).ClientIp);
    }

    [Theory]
    [InlineData("203.0.113.7, 198.51.100.2", "203.0.113.7", "203.0.113.0")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9", "203.0.113.0")]
    [InlineData("2001:db8:abcd:12::1", "2001:db8:abcd:12::1", "2001:db8:abcd::")]
    public async Task TrustedProxyChain_GivesTheClientAddress_Normalized(string forwardedFor, string full, string truncated)
    {
        var results = new List<string?>();
        foreach (var mode in new[] { IpAddressMode.Full, IpAddressMode.Truncated })
        {
            await using var app = await TestApp.StartAsync(
                a => a.MapGet("/", () => "x"),
                o => o.Capture.ClientIp = mode,
                beforeCapture: a =>
                {
                    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 2 };
                    forwarded.KnownProxies.Clear();
                    forwarded.KnownIPNetworks.Clear();
                    forwarded.KnownProxies.Add(IPAddress.Loopback);
                    forwarded.KnownProxies.Add(IPAddress.Parse("198.51.100.2"));
                    a.UseForwardedHeaders(forwarded);
                });
            using var request = TestApp.Request(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            (await app.Client.SendAsync(request)).Dispose();
            await app.StopAsync();
            results.Add(Assert.Single(await app.RecordsAsync()).ClientIp);
        }

        Assert.Equal([full, truncated], results);
    }

    [Fact]
    public async Task HostileHeaders_NeverBreakTheRequest_AndAreStoredSafely()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/echo", () => Results.Text("body-unchanged", statusCode: 202)));
        using var request = TestApp.Request(HttpMethod.Get, "echo");
        for (var i = 0; i < 100; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string((char)('a' + (i % 26)), 320));
        }

        request.Headers.Add("Cookie", "=novalue; ;;; name-only; a=1=2; \"quoted\"=\"x\"; " + new string('c', 2000) + "=v");
        request.Headers.TryAddWithoutValidation("User-Agent", new string('U', 5000));
        request.Headers.TryAddWithoutValidation("Referer", "not a url ?q=secret");

        using var response = await app.Client.SendAsync(request);
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("body-unchanged", await response.Content.ReadAsStringAsync());
        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal(512, record.UserAgent!.Length);
        Assert.Equal("not a url ", record.Referer);
        Assert.All(record.CookieNames, n => Assert.True(n.Length <= 128));
        Assert.DoesNotContain("secret", record.Referer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8InHeaders_IsStoredAsReplacementCharacters()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/raw", () => "raw-ok"));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, app.Address.Port);
        var stream = client.GetStream();
        var head = Encoding.ASCII.GetBytes("GET /raw?token=secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: bad");
        byte[] tail = [0xC3, 0x28, 0xFF, .. Encoding.ASCII.GetBytes(" end\r\nReferer: http://example.kz/p"), 0xE2, 0x82, .. Encoding.ASCII.GetBytes("?x=1\r\n\r\n")];
        await stream.WriteAsync(head);
        await stream.WriteAsync(tail);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        await app.StopAsync();

        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        Assert.Contains("raw-ok", response, StringComparison.Ordinal);
        var record = Assert.Single(await app.RecordsAsync());
        Assert.Equal("/raw", record.Path);
        Assert.StartsWith("bad\uFFFD(", record.UserAgent, StringComparison.Ordinal);
        Assert.EndsWith(" end", record.UserAgent, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", record.Referer ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_EveryRequestIsEnqueuedOnce_AndPersistedWithAnAmpleQueue()
    {
        const int Requests = 2000;
        await using var app = await TestApp.StartAsync(a => a.MapGet("/load/{i:int}", (int i) => i));
        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await app.Client.GetAsync($"load/{i}", ct);
            response.EnsureSuccessStatusCode();
        });

        await app.StopAsync();

        Assert.Equal(Requests, app.Monitor.Enqueued);
        Assert.Equal(Requests, app.Monitor.Persisted);
        Assert.Equal(0, app.Monitor.Dropped);
        var records = await app.RecordsAsync();
        Assert.Equal(Requests, records.Count);
        Assert.Equal(Requests, records.Select(r => r.Path).Distinct().Count());
    }

    [Fact]
    public async Task Overload_DropsAndCounts_SoPersistedPlusDroppedEqualsEnqueued()
    {
        const int Requests = 300;
        var slow = new SlowStore(TimeSpan.FromMilliseconds(30));
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/o/{i:int}", (int i) => i),
            o =>
            {
                o.Capture.QueueCapacity = 4;
                o.Capture.BatchSize = 2;
            },
            b => b.Services.AddSingleton<IAccessLogStore>(slow));
        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await app.Client.GetAsync($"o/{i}", ct);
            response.EnsureSuccessStatusCode();
        });

        await app.StopAsync();

        Assert.Equal(Requests, app.Monitor.Enqueued);
        Assert.True(app.Monitor.Dropped > 0, "A queue of 4 behind a 30 ms store should overflow.");
        Assert.Equal(app.Monitor.Enqueued, app.Monitor.Persisted + app.Monitor.Dropped);
        Assert.Equal(app.Monitor.Persisted, slow.Count);
    }

    [Fact]
    public async Task IpStatistics_CountRequestsPerDayPerPseudonymizedNetwork()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/", () => "x"),
            beforeCapture: a =>
            {
                var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Add(IPAddress.Loopback);
                a.UseForwardedHeaders(forwarded);
            });
        foreach (var client in new[] { "203.0.113.1", "203.0.113.200", "198.51.100.5", "203.0.113.9" })
        {
            using var request = TestApp.Request(HttpMethod.Get, "/");
            request.Headers.Add("X-Forwarded-For", client);
            (await app.Client.SendAsync(request)).Dispose();
        }

        await app.StopAsync();

        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5)).DateTime);
        var statistics = await app.Store.QueryIpStatisticsAsync(today.AddDays(-1), today.AddDays(1), default);
        Assert.Equal(2, statistics.Count);
        Assert.Equal(app.Pseudonymizer.PseudonymizeIpAddress(IPAddress.Parse("203.0.113.0"), "ip-statistics"), statistics[0].Network);
        Assert.Equal(3, statistics[0].Requests);
        Assert.Equal(app.Pseudonymizer.PseudonymizeIpAddress(IPAddress.Parse("198.51.100.0"), "ip-statistics"), statistics[1].Network);
        Assert.Equal(1, statistics[1].Requests);
        Assert.All(statistics, s => Assert.DoesNotContain("203.0.113", s.Network, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThrowingEndpoint_IsRecordedAs500_AndTheExceptionIsNotSwallowed()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/boom", (Func<string>)(() => throw new InvalidOperationException("boom"))));

        using var response = await app.Client.GetAsync("boom");
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(500, Assert.Single(await app.RecordsAsync()).StatusCode);
    }

    private sealed class SlowStore(TimeSpan delay) : IAccessLogStore
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public async ValueTask AppendAsync(IReadOnlyList<AccessRecord> records, IReadOnlyList<IpStatistic> statistics, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            Interlocked.Add(ref _count, records.Count);
        }

        public ValueTask<IReadOnlyList<AccessRecord>> QueryAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<AccessRecord>>([]);

        public ValueTask<IReadOnlyList<IpStatistic>> QueryIpStatisticsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<IpStatistic>>([]);

        public ValueTask<IReadOnlyList<AccessRecord>> QueryBySubjectAsync(string subjectPseudonym, int limit, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<AccessRecord>>([]);

        public ValueTask<int> DeleteBySubjectAsync(string subjectPseudonym, CancellationToken cancellationToken) => ValueTask.FromResult(0);
    }
}
