using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>
/// Erasing a pupil from their record: the SDK destroys the pupil's own key and the sample's pupils source deletes the row;
/// the operator page shows what was destroyed, and a copy of the row from a backup stays unreadable.
/// </summary>
public sealed class ErasureTests
{
    [Fact]
    public async Task Erase_DestroysThePupilsKey_DeletesTheRow_AndTheOperatorPageShowsWhatItDestroyed()
    {
        await using var server = await SampleServer.StartAsync();
        var id = await server.RegisterAsync("Дана Өшірілетін", TestPupils.Adult());
        var (_, record) = await server.GetAsync($"/pupils/{id}?lang=en");
        Assert.Contains("id=\"erase-form\"", record, StringComparison.Ordinal);

        using var erased = await server.PostFormAsync($"/pupils/{id}?lang=en", $"/operator/pupils/{id}/erase", [new("reason", "subject request 2026-17"), new("lang", "en")]);

        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal($"/operator?erased={id}&lang=en#erasure", erased.Headers.Location!.OriginalString);
        var (status, page) = await server.GetAsync($"/operator?erased={id}&lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<p id=\"erasure-state\" class=\"ok\">The erasure is complete.</p>", page, StringComparison.Ordinal);
        Assert.Contains($"<td id=\"erasure-subject\"><code>{id}</code></td>", page, StringComparison.Ordinal);
        Assert.Contains("<td id=\"erasure-reason\">subject request 2026-17</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td id=\"erasure-keys\">1</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td id=\"erasure-rows-pupils\">1</td>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"erasure-backups\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Өшірілетін", page, StringComparison.Ordinal);

        Assert.Empty(await server.QueryRawAsync("SELECT Id FROM pupils WHERE upper(Id) = upper($id)", ("$id", id.ToString())));
        var keys = await server.QueryRawAsync("SELECT State, WrappedKey FROM hrplus_field_keys WHERE SubjectId = $id", ("$id", id.ToString()));
        var key = Assert.Single(keys);
        Assert.Equal(((int)FieldKeyState.Destroyed).ToString(System.Globalization.CultureInfo.InvariantCulture), key[0]);
        Assert.Null(key[1]);
        var trail = await server.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id.ToString());
        Assert.Equal(AuditOperation.Destroy, trail.OrderBy(e => e.Sequence).Last().Operation);
    }

    [Fact]
    public async Task Erase_ThenTheRowComesBackFromABackup_TheRecordAnswers410Erased()
    {
        await using var server = await SampleServer.StartAsync();
        var id = await server.RegisterAsync("Ерлан Қалпына", TestPupils.Adult());
        var backup = Path.Combine(server.Folder.FullName, "backup.db");
        await server.ExecuteRawAsync($"VACUUM INTO '{backup}'");

        using var erased = await server.PostFormAsync($"/pupils/{id}?lang=en", $"/operator/pupils/{id}/erase", [new("reason", "subject request 2026-18"), new("lang", "en")]);
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var (goneStatus, _) = await server.GetAsync($"/pupils/{id}?lang=en");
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);

        // The pupils table restored from the backup: the row is back, its key is not.
        await server.ExecuteRawAsync(
            $"ATTACH DATABASE '{backup}' AS backup; INSERT INTO pupils SELECT * FROM backup.pupils WHERE upper(Id) = upper($id);", ("$id", id.ToString()));
        var (status, html) = await server.GetAsync($"/pupils/{id}?lang=en");

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("<p class=\"error\" id=\"pupil-erased\">This pupil's data was erased", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Қалпына", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_WithoutAReason_Answers400_AndErasesNothing()
    {
        await using var server = await SampleServer.StartAsync();
        var id = await server.RegisterAsync("Әлия Сақталған", TestPupils.Adult());

        using var refused = await server.PostFormAsync($"/pupils/{id}?lang=en", $"/operator/pupils/{id}/erase", [new("reason", "   "), new("lang", "en")]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"erase-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (status, record) = await server.GetAsync($"/pupils/{id}?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<td id=\"record-name\">Әлия Сақталған</td>", record, StringComparison.Ordinal);
        var (erasureStatus, erasure) = await server.GetAsync($"/operator/erasures/{id}?lang=en");
        Assert.Equal(HttpStatusCode.NotFound, erasureStatus);
        Assert.Contains("id=\"erasure-none\"", erasure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_UnknownPupil_Answers404_AndRecordsNothing()
    {
        await using var server = await SampleServer.StartAsync();
        var unknown = Guid.NewGuid();

        using var refused = await server.PostFormAsync("/pupils?lang=en", $"/operator/pupils/{unknown}/erase", [new("reason", "subject request 2026-19"), new("lang", "en")]);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Empty(await server.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(unknown.ToString()));
    }
}
