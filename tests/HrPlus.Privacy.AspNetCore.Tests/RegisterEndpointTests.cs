using System.Net;
using System.Text.Json;
using HrPlus.Privacy.Breaches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static HrPlus.Privacy.AspNetCore.Tests.SubjectEndpointTests;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>The operator's registers over HTTP: the disclosure log and the breach register.</summary>
public sealed class RegisterEndpointTests
{
    [Fact]
    public async Task Disclosures_PostThenGet_ListsIt()
    {
        await using var app = await StartAsync();

        using var post = await SendAsync(app, HttpMethod.Post, "privacy/admin/disclosures", Operator,
            """{"recipient":"Department of Education of Almaty","legalBasis":"Law 319-III Art. 5, request 41 of 2026-11-20","dataCategories":["full-name","iin"],"subjects":["pupil-1","pupil-2"]}""");
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var created = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;

        var list = await JsonAsync(app, "privacy/admin/disclosures?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z", Operator);
        var earlier = await JsonAsync(app, "privacy/admin/disclosures?from=2026-11-01T00:00:00Z&to=2026-11-24T00:00:00Z", Operator);

        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(created.GetProperty("id").GetGuid(), listed.GetProperty("id").GetGuid());
        Assert.Equal("Department of Education of Almaty", listed.GetProperty("recipient").GetString());
        Assert.Equal(["full-name", "iin"], listed.GetProperty("dataCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["pupil-1", "pupil-2"], listed.GetProperty("subjects").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Operator, listed.GetProperty("authorizedBy").GetString());
        Assert.Equal(Start, listed.GetProperty("disclosedAt").GetDateTimeOffset());
        Assert.Equal(0, earlier.GetArrayLength());

        using var noRange = await SendAsync(app, HttpMethod.Get, "privacy/admin/disclosures", Operator);
        await AssertProblemAsync(noRange, HttpStatusCode.BadRequest, "bad-request");
        using var noSubjects = await SendAsync(app, HttpMethod.Post, "privacy/admin/disclosures", Operator, """{"recipient":"R","legalBasis":"L","dataCategories":["iin"],"subjects":[]}""");
        await AssertProblemAsync(noSubjects, HttpStatusCode.BadRequest, "bad-request");
        using var iinSubject = await SendAsync(app, HttpMethod.Post, "privacy/admin/disclosures", Operator, $$"""{"recipient":"R","legalBasis":"L","dataCategories":["iin"],"subjects":["{{ValidIin}}"]}""");
        Assert.DoesNotContain(ValidIin, (await AssertProblemAsync(iinSubject, HttpStatusCode.BadRequest, "bad-request")).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Breaches_RegisterGetOverdueNotify()
    {
        var time = new FakeTimeProvider(Start);
        var notifier = new RecordingNotifier();
        await using var app = await StartAsync(time, services: s => s.AddSingleton<IBreachNotifier>(notifier));

        using var post = await SendAsync(app, HttpMethod.Post, "privacy/admin/breaches", Operator,
            """{"discoveredAt":"2026-11-25T09:00:00Z","description":"Backup disk lost in transit","dataCategories":["full-name"],"affectedSubjects":["pupil-1"]}""");
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var incident = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
        var id = incident.GetProperty("id").GetGuid();
        Assert.Equal($"/privacy/admin/breaches/{id:D}", post.Headers.Location!.OriginalString);

        // Discovered Wednesday 14:00 in Almaty (UTC+5): due the next business day at the same local time.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), incident.GetProperty("authorityDeadline").GetDateTimeOffset());
        Assert.False(incident.GetProperty("overdue").GetBoolean());
        Assert.Equal(0, (await JsonAsync(app, "privacy/admin/breaches/overdue", Operator)).GetArrayLength());

        time.Advance(TimeSpan.FromDays(2));
        var overdue = Assert.Single((await JsonAsync(app, "privacy/admin/breaches/overdue", Operator)).EnumerateArray());
        Assert.Equal(id, overdue.GetProperty("id").GetGuid());
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal("Backup disk lost in transit", (await JsonAsync(app, $"privacy/admin/breaches/{id}", Operator)).GetProperty("description").GetString());

        using var notified = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{id}/authority-notification", Operator, """{"reference":"AUTH-2026-118"}""");
        Assert.Equal(HttpStatusCode.OK, notified.StatusCode);
        var updated = JsonDocument.Parse(await notified.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("AUTH-2026-118", updated.GetProperty("authorityReference").GetString());
        Assert.Equal(Start.AddDays(2), updated.GetProperty("authorityNotifiedAt").GetDateTimeOffset());
        Assert.Equal(0, (await JsonAsync(app, "privacy/admin/breaches/overdue", Operator)).GetArrayLength());
        using var notifiedAgain = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{id}/authority-notification", Operator, """{"reference":"AUTH-2026-119"}""");
        await AssertProblemAsync(notifiedAgain, HttpStatusCode.Conflict, "conflict");

        using var notify = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{id}/notify-subjects", Operator, "{}");
        Assert.Equal(HttpStatusCode.OK, notify.StatusCode);
        var sent = Assert.Single(JsonDocument.Parse(await notify.Content.ReadAsStringAsync()).RootElement.GetProperty("subjectNotifications").EnumerateArray());
        Assert.Equal(("pupil-1", true), (sent.GetProperty("subjectId").GetString(), sent.GetProperty("delivered").GetBoolean()));
        Assert.Equal(["pupil-1"], notifier.Notified);

        using var unknown = await SendAsync(app, HttpMethod.Get, "privacy/admin/breaches/0190a5c4-0000-7000-8000-000000000000", Operator);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        using var notAGuid = await SendAsync(app, HttpMethod.Get, "privacy/admin/breaches/42", Operator);
        await AssertProblemAsync(notAGuid, HttpStatusCode.NotFound, "not-found");
        using var unknownNotify = await SendAsync(app, HttpMethod.Post, "privacy/admin/breaches/0190a5c4-0000-7000-8000-000000000000/authority-notification", Operator, """{"reference":"R-1"}""");
        await AssertProblemAsync(unknownNotify, HttpStatusCode.NotFound, "not-found");
        using var future = await SendAsync(app, HttpMethod.Post, "privacy/admin/breaches", Operator, """{"discoveredAt":"2027-01-05T09:00:00Z","description":"d"}""");
        await AssertProblemAsync(future, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task NotifySubjects_WithoutANotifier_Returns501Problem()
    {
        await using var app = await StartAsync();
        var incident = await app.Services.GetRequiredService<IBreachRegister>().RegisterAsync(
            new BreachReport { DiscoveredAt = Start, Description = "d", AffectedSubjects = ["pupil-1"], ReportedBy = Operator });

        using var response = await SendAsync(app, HttpMethod.Post, $"privacy/admin/breaches/{incident.Id}/notify-subjects", Operator, "{}");

        await AssertProblemAsync(response, HttpStatusCode.NotImplemented, "not-configured");
    }

    private sealed class RecordingNotifier : IBreachNotifier
    {
        public List<string> Notified { get; } = [];

        public ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken)
        {
            Notified.Add(subjectId);
            return ValueTask.FromResult(true);
        }
    }
}
