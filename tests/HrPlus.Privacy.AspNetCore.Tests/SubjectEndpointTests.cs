using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HrPlus.Privacy.AspNetCore.Endpoints;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HrPlus.Privacy.AspNetCore.Tests.ApiCalls;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class SubjectEndpointTests
{
    internal const string Operator = "operator-1";
    internal const string OperatorsPolicy = "PrivacyOperators";
    internal const string ValidIin = "851130300016";
    internal static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero); // a Wednesday

    [Fact]
    public async Task MeExport_SignedIn_Returns200AttachmentWithTheSubjectsConsentHistory()
    {
        await using var app = await StartAsync();
        await app.PublishPolicyAsync();
        (await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-1", """{"policyVersion":1,"language":"ru"}""")).Dispose();
        (await SendAsync(app, HttpMethod.Post, "privacy/consents/support", "pupil-2", """{"policyVersion":1,"language":"ru"}""")).Dispose();

        using var response = await SendAsync(app, HttpMethod.Get, "privacy/me/export", "pupil-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("subject-export-2026-11-25.json", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"subject_id\": \"pupil-1\"", text, StringComparison.Ordinal);
        var export = JsonDocument.Parse(text).RootElement;
        var consent = Assert.Single(export.GetProperty("consents").EnumerateArray());
        Assert.Equal("pupil-1", consent.GetProperty("pii_principal_id").GetString());
        Assert.Equal("support", consent.GetProperty("purposes")[0].GetProperty("purpose_id").GetString());
        var audit = await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("pupil-1");
        Assert.Equal((AuditOperation.Export, "pupil-1"), (audit[^1].Operation, audit[^1].Actor));
    }

    [Fact]
    public async Task MeExport_Anonymous_Returns401Problem()
    {
        await using var app = await StartAsync();

        using var response = await SendAsync(app, HttpMethod.Get, "privacy/me/export", null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "sign-in-required");
    }

    [Fact]
    public async Task BlockRequest_BlocksTheSignedInSubject_SecondCallReturns409()
    {
        await using var app = await StartAsync();
        var blocking = app.Services.GetRequiredService<ISubjectBlocking>();

        using var first = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", """{"reason":"accuracy disputed, request 2026-41"}""");
        using var second = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", """{"reason":"again"}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var block = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("subject", block.GetProperty("requester").GetString());
        Assert.Equal("pupil-1", block.GetProperty("blockedBy").GetString());
        Assert.Equal("accuracy disputed, request 2026-41", block.GetProperty("reason").GetString());
        Assert.Equal(Start, block.GetProperty("blockedAt").GetDateTimeOffset());
        Assert.True(blocking.IsBlocked("pupil-1"));
        Assert.False(blocking.IsBlocked("pupil-2"));
        await AssertProblemAsync(second, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task BlockRequest_BadRequests_AnswerProblemDetails()
    {
        await using var app = await StartAsync();

        using var anonymous = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", null, """{"reason":"x"}""");
        using var missing = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", "{}");
        using var blank = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", """{"reason":"  "}""");
        using var overlong = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", $$"""{"reason":"{{new string('r', 1001)}}"}""");
        using var notJson = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-1", "reason=x", "text/plain");
        using var longest = await SendAsync(app, HttpMethod.Post, "privacy/me/block-request", "pupil-2", $$"""{"reason":"{{new string('r', 1000)}}"}""");

        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "sign-in-required");
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "bad-request");
        await AssertProblemAsync(blank, HttpStatusCode.BadRequest, "bad-request");
        await AssertProblemAsync(overlong, HttpStatusCode.BadRequest, "bad-request");
        await AssertProblemAsync(notJson, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.False(app.Services.GetRequiredService<ISubjectBlocking>().IsBlocked("pupil-1"));
    }

    [Theory]
    [InlineData("POST", "privacy/admin/subjects/pupil-1/block")]
    [InlineData("DELETE", "privacy/admin/subjects/pupil-1/block")]
    [InlineData("GET", "privacy/admin/subjects/pupil-1/export")]
    [InlineData("POST", "privacy/admin/subjects/pupil-1/erase")]
    [InlineData("GET", "privacy/admin/retention/due")]
    [InlineData("POST", "privacy/admin/disclosures")]
    [InlineData("GET", "privacy/admin/disclosures?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z")]
    [InlineData("POST", "privacy/admin/breaches")]
    [InlineData("GET", "privacy/admin/breaches/overdue")]
    [InlineData("GET", "privacy/admin/breaches/0190a5c4-0000-7000-8000-000000000000")]
    [InlineData("POST", "privacy/admin/breaches/0190a5c4-0000-7000-8000-000000000000/authority-notification")]
    [InlineData("POST", "privacy/admin/breaches/0190a5c4-0000-7000-8000-000000000000/notify-subjects")]
    public async Task OperatorRoutes_Anonymous401_NonOperator403(string method, string path)
    {
        await using var app = await StartAsync();

        using var anonymous = await SendAsync(app, new HttpMethod(method), path, null, "{}");
        using var pupil = await SendAsync(app, new HttpMethod(method), path, "pupil-1", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pupil.StatusCode);
        Assert.False(app.Services.GetRequiredService<ISubjectBlocking>().IsBlocked("pupil-1"));
    }

    [Fact]
    public async Task OperatorBlock_ThenUnblock_WithConflictsAndBadRequests()
    {
        await using var app = await StartAsync();
        var blocking = app.Services.GetRequiredService<ISubjectBlocking>();

        using var block = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/block", Operator, """{"reason":"parent's request 2026-7","requester":"legalRepresentative"}""");
        Assert.Equal(HttpStatusCode.OK, block.StatusCode);
        Assert.Equal("no-store", block.Headers.CacheControl!.ToString());
        var blocked = JsonDocument.Parse(await block.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("legalRepresentative", Operator, true), (blocked.GetProperty("requester").GetString(), blocked.GetProperty("blockedBy").GetString(), blocked.GetProperty("active").GetBoolean()));
        Assert.True(blocking.IsBlocked("pupil-1"));
        using var again = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/block", Operator, """{"reason":"again","requester":"operator"}""");
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "conflict");

        using var unblock = await SendAsync(app, HttpMethod.Delete, "privacy/admin/subjects/pupil-1/block", Operator);
        Assert.Equal(HttpStatusCode.OK, unblock.StatusCode);
        var ended = JsonDocument.Parse(await unblock.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((Operator, false), (ended.GetProperty("unblockedBy").GetString(), ended.GetProperty("active").GetBoolean()));
        Assert.False(blocking.IsBlocked("pupil-1"));
        using var unblockAgain = await SendAsync(app, HttpMethod.Delete, "privacy/admin/subjects/pupil-1/block", Operator);
        await AssertProblemAsync(unblockAgain, HttpStatusCode.Conflict, "conflict");

        using var numericRequester = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/block", Operator, """{"reason":"r","requester":"3"}""");
        await AssertProblemAsync(numericRequester, HttpStatusCode.BadRequest, "bad-request");
        using var noRequester = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/block", Operator, """{"reason":"r"}""");
        await AssertProblemAsync(noRequester, HttpStatusCode.BadRequest, "bad-request");
        using var iin = await SendAsync(app, HttpMethod.Post, $"privacy/admin/subjects/{ValidIin}/block", Operator, """{"reason":"r","requester":"subject"}""");
        var problem = await AssertProblemAsync(iin, HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal("The id contains an IIN; use the host's opaque id for the person (the ledger never stores raw IINs).", problem.GetProperty("detail").GetString());
        Assert.False(blocking.IsBlocked(ValidIin));
    }

    [Fact]
    public async Task OperatorExport_IsTheSubjectsExport_AuditedAsTheOperator()
    {
        await using var app = await StartAsync();

        using var response = await SendAsync(app, HttpMethod.Get, "privacy/admin/subjects/pupil-3/export", Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("pupil-3", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("subject_id").GetString());
        var entry = Assert.Single(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("pupil-3"));
        Assert.Equal((AuditOperation.Export, Operator), (entry.Operation, entry.Actor));
    }

    [Fact]
    public async Task OperatorErase_DestroysTheSubjectsKey_AndAnswersTheResult()
    {
        await using var app = await StartAsync(configure: o => o.Encryption.PerSubjectKeys = true);
        var encryptor = app.Services.GetRequiredService<IFieldEncryptor>();
        var context = FieldContext.For("pupil", "name").WithSubject("pupil-7");
        var ciphertext = encryptor.Encrypt("Aruzhan", context);

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-7/erase", Operator, """{"reason":"subject request 2026-17"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pupil-7", result.GetProperty("subjectId").GetString());
        Assert.Equal(1, result.GetProperty("keysDestroyed").GetInt32());
        Assert.Equal(0, result.GetProperty("accessRecordsDeleted").GetInt32());
        Assert.Empty(result.GetProperty("recordsDeleted").EnumerateObject());
        var entry = Assert.Single(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("pupil-7"));
        Assert.Equal((AuditOperation.Destroy, Operator, "subject request 2026-17"), (entry.Operation, entry.Actor, entry.Purpose));
        Assert.Equal(entry.Sequence, result.GetProperty("auditSequence").GetInt64());
        Assert.Equal(Start, result.GetProperty("erasedAt").GetDateTimeOffset());
        // Default epochs (1 day) and backup retention (30 days): the day's epoch key goes 30 days after the epoch ends.
        Assert.Equal(Start.AddDays(31), result.GetProperty("backupsUnreadableAfter").GetDateTimeOffset());
        Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(ciphertext, context));
    }

    [Fact]
    public async Task OperatorErase_AnswersWhenRestoredBackupsBecomeUnreadable_FromTheConfiguredWindow()
    {
        await using var app = await StartAsync(configure: o =>
        {
            o.Encryption.PerSubjectKeys = true;
            o.Encryption.SubjectKeyEpoch = TimeSpan.FromDays(7);
            o.Encryption.BackupRetention = TimeSpan.FromDays(14);
        });
        app.Services.GetRequiredService<IFieldEncryptor>().Encrypt("Aruzhan", FieldContext.For("pupil", "name").WithSubject("pupil-7"));

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-7/erase", Operator, """{"reason":"subject request 2026-17"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Start.AddDays(21), result.GetProperty("backupsUnreadableAfter").GetDateTimeOffset());
    }

    [Fact]
    public async Task OperatorErase_WithoutPerSubjectKeys_AnswersNoBackupMoment()
    {
        await using var app = await StartAsync();
        // Known through the audit trail (a block), with values under the shared key only.
        app.Services.GetRequiredService<IFieldEncryptor>().Encrypt("Aruzhan", FieldContext.For("pupil", "name").WithSubject("pupil-7"));
        await app.Services.GetRequiredService<ISubjectBlocking>().BlockAsync("pupil-7", "accuracy disputed", BlockRequester.Subject, Operator);

        using var response = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-7/erase", Operator, """{"reason":"subject request 2026-17"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, result.GetProperty("keysDestroyed").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("backupsUnreadableAfter").ValueKind);
    }

    [Fact]
    public async Task OperatorErase_BadRequests_NeverEchoTheValue()
    {
        await using var app = await StartAsync();

        using var iin = await SendAsync(app, HttpMethod.Post, $"privacy/admin/subjects/{ValidIin}/erase", Operator, """{"reason":"subject request"}""");
        using var overlong = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/erase", Operator, $$"""{"reason":"{{new string('r', 257)}}"}""");
        using var noBody = await SendAsync(app, HttpMethod.Post, "privacy/admin/subjects/pupil-1/erase", Operator);

        var problem = await AssertProblemAsync(iin, HttpStatusCode.BadRequest, "bad-request");
        Assert.DoesNotContain(ValidIin, problem.GetRawText(), StringComparison.Ordinal);
        await AssertProblemAsync(overlong, HttpStatusCode.BadRequest, "bad-request");
        await AssertProblemAsync(noBody, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Empty(await app.Services.GetRequiredService<IAuditTrail>().GetBySubjectAsync("pupil-1"));
    }

    [Theory]
    [InlineData("The id PUPIL-9 is not valid.", "A value in the request is not valid. (subjectId)")]
    [InlineData("An id is at most 128 characters.", "An id is at most 128 characters.")]
    public void Invalid_NeverEchoesASubmittedValue(string message, string expected)
    {
        var result = PrivacyProblems.Invalid(new ArgumentException(message, "subjectId"), "operator-1", "pupil-9");

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal((400, expected), (problem.StatusCode, problem.ProblemDetails.Detail));
    }

    [Fact]
    public void Invalid_OutOfRange_HidesTheActualValue()
    {
        var result = PrivacyProblems.Invalid(new ArgumentOutOfRangeException("reason", 4321, "Too long."));

        Assert.Equal("A value in the request is not valid. (reason)", Assert.IsType<ProblemHttpResult>(result).ProblemDetails.Detail);
    }

    [Fact]
    public async Task RetentionDue_ListsAWithdrawnConsent_OnceItsTermHasRun()
    {
        var time = new FakeTimeProvider(Start);
        await using var app = await StartAsync(time, o => o.Subjects.RetentionTerms["news-offers"] = TimeSpan.FromDays(1));
        await app.PublishPolicyAsync();
        (await SendAsync(app, HttpMethod.Post, "privacy/consents/news-offers", "pupil-1", """{"policyVersion":1,"language":"ru"}""")).Dispose();
        (await SendAsync(app, HttpMethod.Delete, "privacy/consents/news-offers", "pupil-1")).Dispose();

        var before = await JsonAsync(app, "privacy/admin/retention/due", Operator);
        time.Advance(TimeSpan.FromDays(3));
        var after = await JsonAsync(app, "privacy/admin/retention/due", Operator);
        var at = await JsonAsync(app, "privacy/admin/retention/due?at=2026-11-26T10:00:00Z", Operator);

        Assert.Equal(0, before.GetArrayLength());
        var due = Assert.Single(after.EnumerateArray());
        Assert.Equal(("pupil-1", "news-offers"), (due.GetProperty("subjectId").GetString(), due.GetProperty("purpose").GetString()));
        Assert.Equal(Start, due.GetProperty("consentEndedAt").GetDateTimeOffset());
        Assert.Equal(Start.AddDays(1), due.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(Start.AddDays(2), due.GetProperty("destroyBy").GetDateTimeOffset());
        Assert.True(due.GetProperty("overdue").GetBoolean());
        Assert.False(Assert.Single(at.EnumerateArray()).GetProperty("overdue").GetBoolean());
        using var badAt = await SendAsync(app, HttpMethod.Get, "privacy/admin/retention/due?at=yesterday", Operator);
        await AssertProblemAsync(badAt, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task MapPrivacyOperatorEndpoints_WithoutAuthorizationServices_Throws()
    {
        InvalidOperationException? error = null;
        await using var app = await TestApp.StartAsync(a => error = Assert.Throws<InvalidOperationException>(() => a.MapPrivacyOperatorEndpoints()));

        Assert.Contains("services.AddAuthorization()", error!.Message, StringComparison.Ordinal);
    }

    internal static Task<TestApp> StartAsync(
        FakeTimeProvider? time = null,
        Action<PrivacyOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? map = null,
        Action<PrivacyAspNetCoreOptions>? aspNetCore = null) =>
        TestApp.StartAsync(
            a =>
            {
                // After TestApp's sign-in middleware, so that the policy sees the test user.
                a.UseAuthorization();
                a.MapPrivacyEndpoints("/privacy");
                if (map is null)
                {
                    a.MapPrivacyOperatorEndpoints("/privacy/admin", authorizationPolicy: OperatorsPolicy);
                }
                else
                {
                    map(a);
                }
            },
            options: aspNetCore,
            builder: web =>
            {
                web.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time ?? new FakeTimeProvider(Start)));
                web.Services.AddAuthentication(NoSignInHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, NoSignInHandler>(NoSignInHandler.SchemeName, null);
                web.Services.AddAuthorization(o => o.AddPolicy(OperatorsPolicy, p => p.RequireClaim(ClaimTypes.NameIdentifier, Operator)));
                if (configure is not null)
                {
                    web.Services.Configure(configure);
                }

                services?.Invoke(web.Services);
            });

    /// <summary>Signs nobody in (TestApp's header does); answers challenges with 401 and forbids with 403.</summary>
    internal sealed class NoSignInHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
