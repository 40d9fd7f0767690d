using System.Net;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.AspNetCore.Cookies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Record building on crafted requests the network layer would not let through.</summary>
public sealed class AccessRecordFactoryTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IPseudonymizer _pseudonymizer;

    public AccessRecordFactoryTests()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        _services = services.BuildServiceProvider();
        _pseudonymizer = _services.GetRequiredService<IPseudonymizer>();
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("fe80::1%2", IpAddressMode.Full, "fe80::1")]
    [InlineData("fe80::1%2", IpAddressMode.Truncated, "fe80::")]
    [InlineData("::ffff:192.0.2.55", IpAddressMode.Full, "192.0.2.55")]
    [InlineData("::ffff:192.0.2.55", IpAddressMode.Truncated, "192.0.2.0")]
    [InlineData("192.0.2.55", IpAddressMode.None, null)]
    public void ClientIp_IsNormalizedPerMode(string address, IpAddressMode mode, string? expected)
    {
        var record = Factory(mode).Create(Context(address), DateTimeOffset.UnixEpoch, TimeSpan.Zero, 200, CookieCategory.Necessary, null);

        Assert.Equal(expected, record.ClientIp);
        Assert.Equal(mode != IpAddressMode.None, record.NetworkPseudonym is not null);
    }

    [Fact]
    public void ClientIp_Pseudonymized_IsTheAccessLogPseudonymOfTheNormalizedAddress()
    {
        var record = Factory(IpAddressMode.Pseudonymized).Create(Context("::ffff:192.0.2.55"), DateTimeOffset.UnixEpoch, TimeSpan.Zero, 200, CookieCategory.Necessary, null);

        Assert.Equal(_pseudonymizer.PseudonymizeIpAddress(IPAddress.Parse("192.0.2.55"), "access-log"), record.ClientIp);
        Assert.DoesNotContain("192.0.2", record.ClientIp, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersAndLoneSurrogates_AreEscaped_EverywhereTheyCanArrive()
    {
        var context = Context("192.0.2.1");
        context.Request.Path = "/a\u0000b/\u001b[31m";
        context.Request.Headers.UserAgent = "agent\r\nX-Forged: 1\ud800";
        context.Request.Headers.Referer = "/local\u0007page?secret=1";
        context.Request.Headers.Cookie = "ok=1; ba\u0001d=2";

        var record = Factory(IpAddressMode.Truncated).Create(context, DateTimeOffset.UnixEpoch, TimeSpan.Zero, 200, CookieCategory.Necessary, null);

        Assert.Equal("/a\\u0000b/\\u001b[31m", record.Path);
        Assert.Equal("agent\\u000d\\u000aX-Forged: 1\\ud800", record.UserAgent);
        Assert.Equal("/local\\u0007page", record.Referer);
        Assert.All(record.CookieNames, n => Assert.DoesNotContain('\u0001', n));
        Assert.Contains("ok", record.CookieNames);
    }

    [Fact]
    public void Referer_KeepsSchemeHostAndPath_DropsUserInfoQueryAndFragment()
    {
        var context = Context("192.0.2.1");
        context.Request.Headers.Referer = "https://user:pass@school.kz:8443/a/b?iin=100412500013#x";

        var record = Factory(IpAddressMode.Truncated).Create(context, DateTimeOffset.UnixEpoch, TimeSpan.Zero, 200, CookieCategory.Necessary, null);

        Assert.Equal("https://school.kz:8443/a/b", record.Referer);
    }

    [Fact]
    public void CookieConsent_AndSubject_AreRecordedAsCategoriesAndPseudonym()
    {
        var record = Factory(IpAddressMode.None).Create(Context("192.0.2.1"), DateTimeOffset.UnixEpoch, TimeSpan.FromTicks(12_346), 204, CookieCategory.Necessary | CookieCategory.Analytics, "subject-9");

        Assert.Equal("analytics", record.CookieConsent);
        Assert.Equal(_pseudonymizer.Pseudonymize("subject-9", "access-log"), record.SubjectPseudonym);
        Assert.Equal(1.235, record.DurationMilliseconds);
        Assert.Equal(204, record.StatusCode);
    }

    [Fact]
    public void TooManyCookies_AreCappedAtTheLimit()
    {
        var context = Context("192.0.2.1");
        context.Request.Headers.Cookie = string.Join("; ", Enumerable.Range(0, 500).Select(i => $"c{i:D3}=v"));

        var record = Factory(IpAddressMode.None).Create(context, DateTimeOffset.UnixEpoch, TimeSpan.Zero, 200, CookieCategory.Necessary, null);

        Assert.Equal(50, record.CookieNames.Count);
    }

    private AccessRecordFactory Factory(IpAddressMode mode)
    {
        var options = new PrivacyAspNetCoreOptions();
        options.Capture.ClientIp = mode;
        return new AccessRecordFactory(_pseudonymizer, options);
    }

    private static DefaultHttpContext Context(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Method = "GET";
        context.Request.Path = "/";
        return context;
    }
}
