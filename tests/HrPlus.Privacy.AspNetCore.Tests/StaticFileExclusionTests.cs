using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Point 4 of issue 15: static files are left out of the access log by what served them, not by their name.</summary>
public sealed class StaticFileExclusionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hrplus-static-").FullName;

    public StaticFileExclusionTests()
    {
        File.WriteAllText(Path.Combine(_root, "site.css"), "body{}");
        File.WriteAllBytes(Path.Combine(_root, "logo.png"), [0x89, 0x50, 0x4E, 0x47]);
    }

    [Fact]
    public async Task FilesServedByStaticFiles_AreNotRecorded_ButRoutesEndingInAFileExtensionAre()
    {
        var served = 0;
        await using var app = await TestApp.StartAsync(a =>
        {
            a.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(_root) });
            a.MapGet("/reports/{name}.png", (string name) => ++served);
            a.MapGet("/health", () => "healthy");
        });

        using var css = await app.Client.GetAsync("site.css");
        using var logo = await app.Client.GetAsync("logo.png");
        using var report = await app.Client.GetAsync("reports/grades.png");
        using var missing = await app.Client.GetAsync("missing.png");
        using var health = await app.Client.GetAsync("health");
        await app.StopAsync();

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK],
            [css.StatusCode, logo.StatusCode, report.StatusCode, missing.StatusCode, health.StatusCode]);
        Assert.Equal(1, served);
        Assert.Equal(["/missing.png", "/reports/grades.png"], (await app.RecordsAsync()).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(2, app.Monitor.Enqueued);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
