using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Sample.Localization;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>Registering pupils through the form: validation, the representative rule for minors, encryption at rest.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task Register_Adult_StoresCiphertextOnly_AndRecordsTheSubjectsConsent()
    {
        await using var server = await SampleServer.StartAsync();
        var iin = TestPupils.Adult();

        using var response = await server.PostFormAsync("/pupils/new?lang=en", "/pupils/new", TestPupils.Form("Аружан Тестова", iin));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/pupils/[0-9a-f-]{36}\\?registered=1&lang=en$", location);
        var id = Guid.Parse(location["/pupils/".Length..location.IndexOf('?', StringComparison.Ordinal)]);

        var rows = await server.QueryRawAsync(
            "SELECT Iin, FullName, ParentPhone, ParentEmail, IinIndex FROM pupils WHERE upper(Id) = upper($id)", ("$id", id.ToString()));
        var row = Assert.Single(rows);
        foreach (var column in row[..4])
        {
            Assert.StartsWith("hp1.", column, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(iin.ToString(), row[0], StringComparison.Ordinal);
        Assert.DoesNotContain(iin.ToString(), row[4], StringComparison.Ordinal);
        Assert.DoesNotContain("Тестова", row[1], StringComparison.Ordinal);
        Assert.DoesNotContain("7000001234", row[2], StringComparison.Ordinal);

        var consents = server.Services.GetRequiredService<IConsentService>();
        var granted = Assert.Single(await consents.GetHistoryAsync(id.ToString()));
        Assert.Equal(ConsentGiverKind.Subject, granted.GivenBy);
        Assert.Equal(2, granted.PolicyVersion);
        Assert.Equal("en", granted.Language);
        Assert.Equal(ConsentDecision.Granted, await consents.GetDecisionAsync(id.ToString(), PupilRegistrar.Purpose));

        var (status, record) = await server.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<td id=\"record-name\">Аружан Тестова</td>", record, StringComparison.Ordinal);
        Assert.Contains($"<code>********{iin.ToString()[8..]}</code>", record, StringComparison.Ordinal);
        Assert.DoesNotContain(iin.ToString(), record, StringComparison.Ordinal);

        // Collected at registration, accessed when the record was opened: the operations, never the values.
        var trail = await server.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync(id.ToString());
        Assert.Equal([AuditOperation.Collect, AuditOperation.Access], trail.OrderBy(e => e.Sequence).Select(e => e.Operation));
        Assert.DoesNotContain(trail, e => (e.Detail ?? string.Empty).Contains(iin.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_MinorWithoutRepresentative_IsRefusedWithTheRepresentativeMessage()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.PostFormAsync("/pupils/new?lang=en", "/pupils/new", TestPupils.Form("Ернұр Тестов", TestPupils.Minor()));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("<li>" + Web.PageContext.E(Strings.RepresentativeRequiredEn) + "</li>", html, StringComparison.Ordinal);
        Assert.Equal(SampleServer.SeededPupils.ToString(System.Globalization.CultureInfo.InvariantCulture), (await server.QueryRawAsync("SELECT COUNT(*) FROM pupils")).Single()[0]);
    }

    [Fact]
    public async Task Register_MinorWithRepresentative_RecordsTheRepresentativesConsent()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.PostFormAsync(
            "/pupils/new?lang=en", "/pupils/new", TestPupils.Form("Ернұр Тестов", TestPupils.Minor(), "Самат Тестов", "parent"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var id = location["/pupils/".Length..location.IndexOf('?', StringComparison.Ordinal)];
        var granted = Assert.Single(await server.Services.GetRequiredService<IConsentService>().GetHistoryAsync(id));
        Assert.Equal(ConsentGiverKind.Representative, granted.GivenBy);
        Assert.Equal(RepresentativeRelationship.Parent, granted.Relationship);
        var (_, record) = await server.GetAsync(location);
        Assert.Contains("<td id=\"record-representative\">Самат Тестов (Parent)</td>", record, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123456789012")]
    [InlineData("85113030001")]
    [InlineData("not an iin")]
    public async Task Register_InvalidIin_IsRefusedWithTheIinMessage(string iin)
    {
        await using var server = await SampleServer.StartAsync();
        var form = TestPupils.Form("Дана Тестова", TestPupils.Adult());
        form["iin"] = iin;

        using var response = await server.PostFormAsync("/pupils/new?lang=en", "/pupils/new", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("<li>The IIN is not valid: it must be 12 digits with a correct check digit.</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(iin, html[html.IndexOf("<form id=\"register-form\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SameIinTwice_IsRefusedTheSecondTime()
    {
        await using var server = await SampleServer.StartAsync();
        var iin = TestPupils.Adult();

        using var first = await server.PostFormAsync("/pupils/new?lang=en", "/pupils/new", TestPupils.Form("Дана Тестова", iin));
        using var second = await server.PostFormAsync("/pupils/new?lang=en", "/pupils/new", TestPupils.Form("Дана Тестова", iin));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("<li>A pupil with this IIN is already registered.</li>", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithoutAntiforgeryToken_Returns400()
    {
        await using var server = await SampleServer.StartAsync();

        using var response = await server.Client.PostAsync("/pupils/new", new FormUrlEncodedContent(TestPupils.Form("Дана Тестова", TestPupils.Adult())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SampleServer.SeededPupils.ToString(System.Globalization.CultureInfo.InvariantCulture), (await server.QueryRawAsync("SELECT COUNT(*) FROM pupils")).Single()[0]);
    }
}
