using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>Correcting a pupil's data: new values under the pupil's own key (never a second key), the change audited.</summary>
public sealed class RectificationTests
{
    [Fact]
    public async Task Edit_StoresTheNewValuesUnderThePupilsOneKey_AndAuditsTheChange()
    {
        await using var server = await SampleServer.StartAsync();
        var id = await server.RegisterAsync("Айгерім Бұрынғы", TestPupils.Adult());
        var keyBefore = await SubjectKeysAsync(server, id);

        using var saved = await server.PostFormAsync($"/pupils/{id}/edit?lang=en", $"/pupils/{id}/edit",
            [new("fullName", "Айгерім Жаңа"), new("parentPhone", "8 701 555 44 33"), new("parentEmail", "new.parent@example.org"), new("lang", "en")]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/pupils/{id}?updated=1&lang=en", saved.Headers.Location!.OriginalString);
        var (_, record) = await server.GetAsync($"/pupils/{id}?updated=1&lang=en");
        Assert.Contains("<td id=\"record-name\">Айгерім Жаңа</td>", record, StringComparison.Ordinal);
        Assert.Contains("id=\"updated\"", record, StringComparison.Ordinal);
        var form = WebUtility.HtmlDecode((await server.GetAsync($"/pupils/{id}/edit?lang=en")).Html);
        Assert.Contains("value=\"+77015554433\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"new.parent@example.org\"", form, StringComparison.Ordinal);

        var row = Assert.Single(await server.QueryRawAsync("SELECT FullName, ParentPhone, ParentEmail FROM pupils WHERE upper(Id) = upper($id)", ("$id", id.ToString())));
        Assert.All(row, value => Assert.StartsWith("hp1.", value, StringComparison.Ordinal));
        Assert.DoesNotContain("Жаңа", row[0], StringComparison.Ordinal);
        Assert.Equal(keyBefore, await SubjectKeysAsync(server, id));
        var trail = await server.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id.ToString());
        Assert.Contains(trail, e => e.Operation == AuditOperation.Change && e.Actor == "sample-operator");
    }

    [Theory]
    [InlineData("Ab", "+77015554433", "a.parent@example.org", "Enter the full name (3–200 characters).")]
    [InlineData("Айгерім Жаңа", "12345", "a.parent@example.org", "The phone number is not valid")]
    [InlineData("Айгерім Жаңа", "+77015554433", "not an address", "The e-mail address is not valid.")]
    public async Task Edit_InvalidField_Answers400WithTheMessage_AndChangesNothing(string fullName, string phone, string email, string message)
    {
        await using var server = await SampleServer.StartAsync();
        var id = await server.RegisterAsync("Айгерім Бұрынғы", TestPupils.Adult());

        using var refused = await server.PostFormAsync($"/pupils/{id}/edit?lang=en", $"/pupils/{id}/edit",
            [new("fullName", fullName), new("parentPhone", phone), new("parentEmail", email), new("lang", "en")]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"edit-error\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        var (_, record) = await server.GetAsync($"/pupils/{id}?lang=en");
        Assert.Contains("<td id=\"record-name\">Айгерім Бұрынғы</td>", record, StringComparison.Ordinal);
    }

    private static async Task<List<string?>> SubjectKeysAsync(SampleServer server, Guid id) =>
        [.. (await server.QueryRawAsync("SELECT Id FROM hrplus_field_keys WHERE SubjectId = $id AND State <> 3 ORDER BY Id", ("$id", id.ToString()))).Select(r => r[0])];
}
