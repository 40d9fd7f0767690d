using System.Net;
using System.Text.Json;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.DependencyInjection;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary><c>POST subjects/{id}/erase</c> over the recorded erasure workflow.</summary>
public sealed class OperatorEraseTests
{
    [Fact]
    public async Task Erase_UnknownSubject_Answers404_AndRecordsNothing()
    {
        await using var app = await SubjectEndpointTests.StartAsync();

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/nobody-1/erase", SubjectEndpointTests.Operator, """{"reason":"subject request 2026-17"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("nobody-1"));
    }

    [Fact]
    public async Task Erase_LongReason_IsRecordedWhole_AndASecondCallAnswersTheSameResult()
    {
        await using var app = await SubjectEndpointTests.StartAsync(configure: o => o.Encryption.PerSubjectKeys = true);
        app.Services.GetRequiredService<IFieldEncryptor>().Encrypt("Aruzhan", FieldContext.For("pupil", "name").WithSubject("pupil-7"));
        var reason = "parent's written request 2026-17, received by the school office; " + new string('r', 150);

        using var first = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-7/erase", SubjectEndpointTests.Operator, $$"""{"reason":"{{reason}}"}""");
        using var second = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-7/erase", SubjectEndpointTests.Operator, """{"reason":"duplicate"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, 1), (a.GetProperty("keysDestroyed").GetInt32(), b.GetProperty("keysDestroyed").GetInt32()));
        Assert.Equal(a.GetProperty("auditSequence").GetInt64(), b.GetProperty("auditSequence").GetInt64());
        var entry = Assert.Single(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("pupil-7"));
        Assert.Equal((AuditOperation.Destroy, reason), (entry.Operation, entry.Purpose));
    }

    [Fact]
    public async Task Erase_UpperCaseGuidOfAHeldSubject_Answers200ThatNothingWasErased_TheHeldIdErasesIt()
    {
        const string Held = "0f8fad5b-d9cb-469f-a165-70867728950e";
        var upper = Held.ToUpperInvariant();
        await using var app = await SubjectEndpointTests.StartAsync(configure: o => o.Encryption.PerSubjectKeys = true);
        var context = FieldContext.For("pupil", "name").WithSubject(Held);
        var ciphertext = app.Services.GetRequiredService<IFieldEncryptor>().Encrypt("Aruzhan", context);

        // The operator looked the pupil up under the upper-case form first: the trail now knows that id.
        using (var export = await SendAsync(app, HttpMethod.Get, $"privacy/admin/subjects/{upper}/export", SubjectEndpointTests.Operator))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        }

        using var miss = await SendAsync(app, HttpMethod.Post, $"privacy/admin/subjects/{upper}/erase", SubjectEndpointTests.Operator, """{"reason":"subject request 2026-17"}""");
        using var hit = await SendAsync(app, HttpMethod.Post, $"privacy/admin/subjects/{Held}/erase", SubjectEndpointTests.Operator, """{"reason":"subject request 2026-17"}""");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (miss.StatusCode, hit.StatusCode));
        var missed = JsonDocument.Parse(await miss.Content.ReadAsStringAsync()).RootElement;
        var erased = JsonDocument.Parse(await hit.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((upper, 0, true), (missed.GetProperty("subjectId").GetString(), missed.GetProperty("keysDestroyed").GetInt32(), missed.GetProperty("nothingErased").GetBoolean()));
        Assert.Empty(missed.GetProperty("recordsDeleted").EnumerateObject());
        Assert.Equal((Held, 1, false), (erased.GetProperty("subjectId").GetString(), erased.GetProperty("keysDestroyed").GetInt32(), erased.GetProperty("nothingErased").GetBoolean()));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => app.Services.GetRequiredService<IFieldEncryptor>().Decrypt(ciphertext, context)).Reason);
    }
}
