using System.Net;
using HrPlus.Privacy.Sample.Localization;
using HrPlus.Privacy.Sample.Tests.Infrastructure;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>Every page of the sample renders, in every language, on a freshly created and seeded database.</summary>
public sealed class SamplePageTests
{
    private static readonly string[] Paths =
    [
        "/", "/policy", "/policy/1", "/policy/2", "/cookies", "/pupils/new", "/pupils", "/operator",
        "/privacy/policy?lang=kk", "/privacy/policy/versions", "/privacy/cookies",
    ];

    public static TheoryData<string> Pages() => new(Paths);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get_EveryPage_Returns200InEveryLanguage(string path)
    {
        await using var server = await SampleServer.StartAsync();
        foreach (var language in Languages.All)
        {
            var (status, html) = await server.GetAsync(path + (path.Contains('?') ? "&" : "?") + "lang=" + language);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(path.StartsWith("/privacy", StringComparison.Ordinal) || html.EndsWith("</html>", StringComparison.Ordinal), $"{path} in {language} did not render to the end.");
        }
    }

    [Fact]
    public async Task Get_PupilRecord_Returns200_AndAnUnknownOne404()
    {
        await using var server = await SampleServer.StartAsync();
        var (_, list) = await server.GetAsync("/pupils?lang=en");
        var id = System.Text.RegularExpressions.Regex.Match(list, "data-pupil-id=\"([0-9a-f-]{36})\"").Groups[1].Value;

        var (status, html) = await server.GetAsync($"/pupils/{id}?lang=en");
        var (missing, _) = await server.GetAsync($"/pupils/{Guid.NewGuid()}?lang=en");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(Web.PageContext.E("Pupil's record"), html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Get_Pages_RenderNoMissingString()
    {
        await using var server = await SampleServer.StartAsync();
        foreach (var path in Paths.Where(p => !p.StartsWith("/privacy", StringComparison.Ordinal)))
        {
            foreach (var language in Languages.All)
            {
                var (_, html) = await server.GetAsync($"{path}?lang={language}");
                Assert.DoesNotMatch(@"\[[a-z]+\.[A-Za-z.]+\]", html);
            }
        }
    }

    [Fact]
    public async Task Get_Home_SwitchesLanguage()
    {
        await using var server = await SampleServer.StartAsync();

        var (_, kk) = await server.GetAsync("/?lang=kk");
        var (_, ru) = await server.GetAsync("/?lang=ru");
        var (_, en) = await server.GetAsync("/?lang=en");

        Assert.Contains("<html lang=\"kk\">", kk, StringComparison.Ordinal);
        Assert.Contains("Басты бет", kk, StringComparison.Ordinal);
        Assert.Contains("Главная", ru, StringComparison.Ordinal);
        Assert.Contains(">Home<", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Policy_ShowsBothSeededVersionsAndWhatVersion2Added()
    {
        await using var server = await SampleServer.StartAsync();

        var (_, current) = await server.GetAsync("/policy?lang=en");
        var (_, first) = await server.GetAsync("/policy/1?lang=ru");

        Assert.Contains("Version 2 — in effect", current, StringComparison.Ordinal);
        Assert.Contains("<p class=\"ok\">Added</p><ul><li>5. Analytics and advertising cookies are set only with your consent", current, StringComparison.Ordinal);
        Assert.Contains("href=\"/policy/1?lang=en\"", current, StringComparison.Ordinal);
        Assert.Contains("Версия 1 — заменена", first, StringComparison.Ordinal);
        Assert.Contains("Это первая версия.", first, StringComparison.Ordinal);
    }
}
