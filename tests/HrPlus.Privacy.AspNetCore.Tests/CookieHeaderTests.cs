using HrPlus.Privacy.AspNetCore.Cookies;
using Microsoft.Extensions.Primitives;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class CookieHeaderTests
{
    [Theory]
    [InlineData("session=abc; theme=dark", new[] { "session", "theme" })]
    [InlineData("theme=dark;session=abc;theme=light", new[] { "session", "theme" })]
    [InlineData("=novalue; ;;; value-only; a=1=2; \"quoted\"=\"x\"", new[] { "\"quoted\"", "a" })]
    [InlineData("", new string[0])]
    [InlineData(";;;", new string[0])]
    [InlineData("ba\u0001d=2; ok=1", new[] { "ba\\u0001d", "ok" })]
    public void Names_KeepOnlyNamesOfNameValuePairs_SortedAndDistinct(string header, string[] expected) =>
        Assert.Equal(expected, CookieHeader.Names(header, 50, 128));

    [Fact]
    public void Names_ValueOnlyPieces_AreNeverReportedAsNames()
    {
        // A browser sends a cookie set with an empty name as its bare value: that value may be personal data.
        var names = CookieHeader.Names("100412500013; a=b", 50, 128);

        Assert.Equal(["a"], names);
    }

    [Fact]
    public void Names_AreCappedInCountAndLength_AcrossSeveralHeaderValues()
    {
        var many = string.Join("; ", Enumerable.Range(0, 500).Select(i => $"c{i:D3}=v"));

        Assert.Equal(50, CookieHeader.Names(many, 50, 128).Length);
        Assert.Equal([new string('c', 128)], CookieHeader.Names(new string('c', 2000) + "=v", 50, 128));
        Assert.Equal(["a", "b"], CookieHeader.Names(new StringValues(["b=1", "a=2"]), 50, 128));
        Assert.Empty(CookieHeader.Names("a=1", 0, 128));
    }

    [Theory]
    [InlineData("hp_consent=v1:analytics", "v1:analytics")]
    [InlineData("a=1; hp_consent=v1%3Aanalytics%2Cadvertising; b=2", "v1:analytics,advertising")]
    [InlineData("hp_consent=\"v1:functional\"", "v1:functional")]
    [InlineData("hp_consent= v1:functional ;x=1", "v1:functional")]
    [InlineData("hp_consentx=v1:functional", null)]
    [InlineData("hp_consent", null)]
    [InlineData("", null)]
    public void FindValue_ReturnsTheDecodedValueOfThatCookieOnly(string header, string? expected) =>
        Assert.Equal(expected, CookieHeader.FindValue(header, "hp_consent"));

    [Fact]
    public void FindValue_BadPercentEncoding_IsLeftAsTyped()
    {
        Assert.Equal("v1%zz", CookieHeader.FindValue("hp_consent=v1%zz", "hp_consent"));
    }
}
