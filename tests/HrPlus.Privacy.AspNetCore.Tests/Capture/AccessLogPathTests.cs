using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Tests.Capture;

/// <summary>
/// Issue 26, point 3: a request that matched an endpoint is logged as its route template, with the values of the
/// parameters that are not personal; any other path has every run of 12 digits (any separator, any check digit), every
/// e-mail address and phone number masked.
/// </summary>
public sealed partial class AccessLogPathTests
{
    private static readonly string Iin = TestIins.Generate(2601);

    // Separators a client may put between an IIN's digit groups (as the request line carries them).
    private static readonly string[] Separators = ["_", ".", "+", "/", "~", ":", ",", ";", "=", "!", "*", "'", "-", "(", ")", "%20", "%2F", "%5F", "__", "._"];

    [Theory]
    [InlineData("pupils/{iin}", "/pupils/{id}")]
    [InlineData("pupils/{iin6}_{iin6b}", "/pupils/{id}")]
    [InlineData("pupils/{iin6}.{iin6b}", "/pupils/{id}")]
    [InlineData("pupils/{iin6}+{iin6b}", "/pupils/{id}")]
    [InlineData("pupils/{iin6}%2F{iin6b}", "/pupils/{id}")]
    [InlineData("pupils/100412500014", "/pupils/{id}")]
    [InlineData("pupils/a.b%40mail.kz", "/pupils/{id}")]
    [InlineData("pupils/42", "/pupils/42")]
    [InlineData("pupils/first-day", "/pupils/first-day")]
    [InlineData("subjects/pupil-42/card", "/subjects/{subjectId}/card")]
    [InlineData("files/100412500014.json", "/files/{name}.json")]
    [InlineData("files/report.json", "/files/report.json")]
    [InlineData("docs", "/docs")]
    [InlineData("docs/intro", "/docs/intro")]
    public async Task MatchedEndpoint_IsLoggedAsItsTemplate_WithTheValuesThatAreNotPersonal(string path, string expected)
    {
        Assert.Equal(expected, await LoggedPathAsync(path, HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("nowhere/{iin}", "/nowhere/{iin}")]
    [InlineData("nowhere/{iin6}/{iin6b}", "/nowhere/{iin}")]
    [InlineData("nowhere/{iin6}_{iin6b}/x", "/nowhere/{iin}/x")]
    [InlineData("nowhere/{iin6}.{iin6b}", "/nowhere/{iin}")]
    [InlineData("nowhere/{iin6}+{iin6b}", "/nowhere/{iin}")]
    [InlineData("nowhere/100412500014", "/nowhere/{iin}")]
    [InlineData("x/100412500014.json", "/x/{iin}")]
    [InlineData("nowhere/a.b%40mail.kz", "/nowhere/{email}")]
    [InlineData("nowhere/+7_701_123_45_67", "/nowhere/{phone}")]
    [InlineData("nowhere/42/2026-11-25", "/nowhere/42/2026-11-25")]
    public async Task UnmatchedPath_MasksEveryTwelveDigitRun_EmailAndPhone(string path, string expected)
    {
        Assert.Equal(expected, await LoggedPathAsync(path, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task EverySeparator_AroundAnIin_MatchedOrNot_LeavesNoTwelveDigitRunInTheLog()
    {
        await using var app = await StartAsync();
        var paths = Separators.SelectMany(s => new[] { "pupils/", "nowhere/", "files/", "subjects/" }.Select(p => p + Iin[..6] + s + Iin[6..] + (p == "subjects/" ? "/card" : p == "files/" ? ".json" : string.Empty))).ToList();

        foreach (var path in paths)
        {
            (await app.Client.GetAsync(path)).Dispose();
        }

        await app.StopAsync();
        var records = await app.RecordsAsync();
        Assert.Equal(paths.Count, records.Count);
        Assert.All(records, r =>
        {
            Assert.DoesNotMatch(TwelveDigitRun(), r.Path);
            Assert.DoesNotContain(Iin[..6], r.Path, StringComparison.Ordinal);
            Assert.DoesNotContain(Iin[6..], r.Path, StringComparison.Ordinal);
        });
    }

    private static async Task<string> LoggedPathAsync(string template, HttpStatusCode status)
    {
        var path = template.Replace("{iin6b}", Iin[6..], StringComparison.Ordinal).Replace("{iin6}", Iin[..6], StringComparison.Ordinal).Replace("{iin}", Iin, StringComparison.Ordinal);
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync(path);
        await app.StopAsync();

        Assert.Equal(status, response.StatusCode);
        var logged = Assert.Single(await app.RecordsAsync()).Path;
        Assert.DoesNotMatch(TwelveDigitRun(), logged);
        return logged;
    }

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(a =>
    {
        a.MapGet("/pupils/{id}", (string id) => "ok");
        a.MapGet("/subjects/{subjectId}/card", (string subjectId) => "ok");
        a.MapGet("/files/{name}.{ext}", (string name, string ext) => "ok");
        a.MapGet("/docs/{page?}", (string? page) => "ok");
    });

    [GeneratedRegex(@"\p{Nd}(?:[^\p{L}\p{Nd}]*\p{Nd}){11}")]
    private static partial Regex TwelveDigitRun();
}
