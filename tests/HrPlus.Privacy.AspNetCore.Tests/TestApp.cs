using System.Net;
using System.Security.Claims;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) with HrPlus.Privacy, in-memory stores and a test sign-in: the
/// header <c>X-Test-User</c> signs the request in as that subject id.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string UserHeader = "X-Test-User";

    /// <summary>The signed-in user's <see cref="ClaimTypes.DateOfBirth"/> claim; an adult's when absent, none when <c>none</c>.</summary>
    public const string BirthDateHeader = "X-Test-BirthDate";

    public const string AdultBirthDate = "1990-01-01";

    private bool _stopped;

    private TestApp(WebApplication app, Uri address)
    {
        App = app;
        Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 }) { BaseAddress = address };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Uri Address => Client.BaseAddress!;

    public IServiceProvider Services => App.Services;

    public IAccessLogStore Store => Services.GetRequiredService<IAccessLogStore>();

    public IAccessLogMonitor Monitor => Services.GetRequiredService<IAccessLogMonitor>();

    public IPseudonymizer Pseudonymizer => Services.GetRequiredService<IPseudonymizer>();

    public static async Task<TestApp> StartAsync(
        Action<WebApplication> map,
        Action<PrivacyAspNetCoreOptions>? options = null,
        Action<WebApplicationBuilder>? builder = null,
        Action<WebApplication>? beforeCapture = null)
    {
        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
            k.Limits.MaxRequestHeaderCount = 200;
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
        });
        web.Logging.ClearProviders();
        web.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        web.Services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "Test school";
            o.Consent.OperatorBin = "150340000015";
        }).UseInMemoryFieldKeys().UseInMemoryStores().AddAspNetCore(options);
        builder?.Invoke(web);
        var app = web.Build();
        beforeCapture?.Invoke(app);
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(UserHeader, out var user) && user.ToString() is { Length: > 0 } id)
            {
                var birth = context.Request.Headers.TryGetValue(BirthDateHeader, out var b) ? b.ToString() : AdultBirthDate;
                Claim[] claims = birth == "none"
                    ? [new Claim(ClaimTypes.NameIdentifier, id)]
                    : [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.DateOfBirth, birth)];
                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
            }

            return next(context);
        });
        app.UsePrivacyCapture();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestApp(app, new Uri(address + "/"));
    }

    public async Task PublishPolicyAsync(PolicyChangeKind kind = PolicyChangeKind.Material, string marker = "v1") =>
        await Services.GetRequiredService<IPolicyRegistry>().PublishAsync(new PolicyDraft
        {
            Texts = [new PolicyText("kk", $"Саясат ({marker})"), new PolicyText("ru", $"Политика ({marker})"), new PolicyText("en", $"Policy ({marker})")],
            ChangeKind = kind,
            ChangeSummary = marker,
        });

    /// <summary>Stops the server: the writer drains the queue before this returns.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async Task<IReadOnlyList<AccessRecord>> RecordsAsync() =>
        await Store.QueryAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, int.MaxValue, default);

    public static HttpRequestMessage Request(HttpMethod method, string path, string? user = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(UserHeader, user);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await App.DisposeAsync();
    }
}
