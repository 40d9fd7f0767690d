using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HrPlus.Privacy.AspNetCore.Tests.Sweep;

/// <summary>
/// The acceptance sweep of issue 15: every route the SDK maps, generated hostile requests, signed in and not. No 500;
/// every error a problem-details body; nothing of the input echoed; a rejected request changes no state (ledger, audit
/// trail, blocks, breaches, disclosures, compared before and after each request); the access log holds one record per
/// request with the status the client got, and no IIN, e-mail address or phone number.
/// </summary>
public sealed partial class HttpSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryRoute_HostileRequests_NoServerError_ProblemDetails_NoEcho_NoStateChange_NoPersonalDataLogged()
    {
        await using var app = await HttpSurfaceTests.StartAsync(
            map: a =>
            {
                a.MapGet("/offers", () => "offers").RequireConsent(ConsentPurposes.NewsAndOffers);
                a.MapGet("/pupils/{id}", (string id) => "pupil");
            },
            options: o =>
            {
                o.Capture.FlushInterval = TimeSpan.Zero;

                // A parent may act for the pupil; the host tells no birth date (no ResolveSubjectBirthDate).
                o.Endpoints.AuthorizeRepresentative = (http, subject) =>
                    ValueTask.FromResult(subject == SweepCases.Pupil && http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value == SweepCases.Parent);
            },
            services: s => s.AddSingleton<IBreachNotifier, AcceptingNotifier>());
        var (receiptId, breachId) = await SeedAsync(app);
        var routes = SweepCases.Routes(receiptId, breachId);
        var cases = routes.SelectMany((route, i) => SweepCases.For(route, i)).ToList();
        var statuses = new List<int>(cases.Count);
        var failures = new List<string>();

        foreach (var sweep in cases)
        {
            var before = await StateAsync(app, breachId);
            var logged = new HashSet<AccessRecord>(await app.RecordsAsync(), ReferenceEqualityComparer.Instance);
            var (status, body, contentType) = await SendAsync(app, sweep);
            var after = await StateAsync(app, breachId);
            statuses.Add(status);
            var where = $"{sweep.Name} {sweep.Method} {Shorten(sweep.Path)} as {sweep.User ?? "anonymous"} -> {status}";

            // The access log before and after: exactly this request's record was added, with the status the client got.
            var written = await WrittenAsync(app, logged.Count + 1);
            var added = written.Where(r => !logged.Contains(r)).ToList();
            if (written.Count != logged.Count + 1 || added is not [{ } record] || record.StatusCode != status || PersonalDataIn(record) is not null)
            {
                failures.Add($"{where}: the access log went from {logged.Count} to {written.Count} records, added {string.Join(", ", added.Select(r => $"{r.StatusCode} {PersonalDataIn(r)}"))}");
            }

            if (SweepCases.ExpectedStatus(sweep) is { } expected && expected != status)
            {
                failures.Add($"{where}: expected {expected}");
            }

            if (status >= 500)
            {
                failures.Add($"{where}: server error");
            }

            // The host's own route answers its misses as the host wrote them (an empty 404), not with the SDK's problems.
            if (status >= 400 && !IsProblem(body, contentType, status) && !(status == 404 && sweep.Path.StartsWith("pupils/", StringComparison.Ordinal)))
            {
                failures.Add($"{where}: not a problem-details body ({contentType}): {Shorten(body)}");
            }

            // An error never repeats the input; an answer that succeeded may name what the caller asked about (the
            // operator's subject id), but never an IIN: no route takes one.
            var mustNotAppear = status >= 400 ? sweep.Markers.Append(SweepCases.Iin).Append(SweepCases.Email).Append(SweepCases.PhoneNational) : [SweepCases.Iin];
            foreach (var echoed in mustNotAppear.Where(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{where}: echoes {Shorten(echoed)}");
            }

            // A personal read never ignores its query: an unknown parameter or a subject nobody authorized is refused.
            if (sweep.Name.StartsWith("query-", StringComparison.Ordinal) && sweep.User is not null && sweep.Method == "GET" && status < 400
                && PersonalReads().IsMatch(sweep.Path))
            {
                failures.Add($"{where}: the query was ignored");
            }

            if (status >= 400 && before != after)
            {
                failures.Add($"{where}: a rejected request changed the state: {before} -> {after}");
            }
        }

        await app.StopAsync();
        var records = await app.RecordsAsync();
        output.WriteLine($"{cases.Count} requests over {routes.Count} routes; statuses: {string.Join(", ", statuses.CountBy(s => s).OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        foreach (var failure in failures.DistinctBy(f => f[..f.IndexOf(" as ", StringComparison.Ordinal)] + f[f.IndexOf(':')..]).Take(60))
        {
            output.WriteLine(failure);
        }

        Assert.True(cases.Count >= 2000, $"The sweep sent {cases.Count} requests.");
        Assert.Equal(routes.Count, cases.Where(c => c.Name == "valid").Select(c => (c.Method, c.Path)).Distinct().Count());
        Assert.Empty(failures);
        Assert.Equal(cases.Count, records.Count);
        Assert.Equal(statuses.Order(), records.Select(r => r.StatusCode).Order());
        Assert.All(records, r => Assert.Null(PersonalDataIn(r)));
        Assert.Equal(app.Monitor.Enqueued, app.Monitor.Persisted);
    }

    internal static string? PersonalDataIn(AccessRecord record)
    {
        foreach (var field in new[] { record.Path, record.Referer, record.UserAgent, record.Method, string.Join(';', record.CookieNames) })
        {
            if (field is null)
            {
                continue;
            }

            if (AccessLogPersonalDataTests.ContainsValidIin(field) || AccessLogPersonalDataTests.ContainsValidIin(Uri.UnescapeDataString(field)))
            {
                return "an IIN in " + field;
            }

            // Issue 26: no run of 12 digits, whatever separates them and whatever the check digit.
            if (TwelveDigitRun().IsMatch(field) || TwelveDigitRun().IsMatch(Uri.UnescapeDataString(field)))
            {
                return "a run of 12 digits in " + field;
            }

            if (EmailPattern().IsMatch(Uri.UnescapeDataString(field)))
            {
                return "an e-mail address in " + field;
            }

            if (new string([.. Uri.UnescapeDataString(field).Where(char.IsAsciiDigit)]).Contains(SweepCases.PhoneNational, StringComparison.Ordinal))
            {
                return "a phone number in " + field;
            }
        }

        return null;
    }

    // Waits until the writer has stored the request's record (offered after the response is sent), at most a second:
    // a request the server refused before the app saw it (none in this sweep) would leave no record to wait for.
    private static async Task<IReadOnlyList<AccessRecord>> WrittenAsync(TestApp app, int records)
    {
        for (var i = 0; i < 500 && (app.Monitor.Enqueued < records || app.Monitor.Persisted + app.Monitor.Dropped < app.Monitor.Enqueued); i++)
        {
            await Task.Delay(2);
        }

        return await app.RecordsAsync();
    }

    private static async Task<(string ReceiptId, string BreachId)> SeedAsync(TestApp app)
    {
        await app.PublishPolicyAsync();
        var consents = app.Services.GetRequiredService<IConsentService>();
        var granted = await consents.GrantAsync(new ConsentRequest { SubjectId = SweepCases.Pupil, Purpose = ConsentPurposes.Support, PolicyVersion = 1, Language = "ru" });
        await consents.GrantAsync(new ConsentRequest { SubjectId = SweepCases.Pupil, Purpose = ConsentPurposes.NewsAndOffers, PolicyVersion = 1, Language = "ru" });
        await consents.GrantAsync(new ConsentRequest { SubjectId = SweepCases.Blocked, Purpose = ConsentPurposes.NewsAndOffers, PolicyVersion = 1, Language = "ru" });
        await app.Services.GetRequiredService<ISubjectBlocking>().BlockAsync(SweepCases.Blocked, "accuracy disputed", BlockRequester.Subject, SweepCases.Blocked);
        var breach = await app.Services.GetRequiredService<IBreachRegister>().RegisterAsync(
            new BreachReport { DiscoveredAt = DateTimeOffset.UtcNow.AddHours(-2), Description = "seeded", AffectedSubjects = ["target-9"], ReportedBy = SweepCases.Operator });
        return (granted.EventId.ToString("D"), breach.Id.ToString("D"));
    }

    private static async Task<(int Status, string Body, string? ContentType)> SendAsync(TestApp app, SweepCase sweep)
    {
        using var request = new HttpRequestMessage(new HttpMethod(sweep.Method), sweep.Path);
        if (sweep.User is not null)
        {
            request.Headers.Add(TestApp.UserHeader, sweep.User);
        }

        foreach (var (name, value) in sweep.Headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        }

        if (sweep.Body is not null)
        {
            request.Content = new ByteArrayContent(sweep.Body);
            if (sweep.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", sweep.ContentType);
            }
        }

        using var response = await app.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(',', h.Value)));
        return ((int)response.StatusCode, body + "\n" + headers, response.Content.Headers.ContentType?.MediaType);
    }

    private static bool IsProblem(string body, string? contentType, int status)
    {
        if (contentType != "application/problem+json")
        {
            return false;
        }

        try
        {
            var problem = JsonDocument.Parse(body[..body.LastIndexOf('}')].TrimEnd() + "}").RootElement;
            return problem.GetProperty("status").GetInt32() == status
                && problem.GetProperty("type").GetString()!.StartsWith("urn:hrplus-privacy:problem:", StringComparison.Ordinal)
                && !string.IsNullOrEmpty(problem.GetProperty("title").GetString());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static async Task<string> StateAsync(TestApp app, string breachId)
    {
        var services = app.Services;
        var ledger = await services.GetRequiredService<IConsentService>().VerifyAsync();
        var audit = await services.GetRequiredService<IAuditStore>().GetHeadAsync(default);
        var blocks = await services.GetRequiredService<IBlockStore>().GetActiveAsync(default);
        var breach = await services.GetRequiredService<IBreachStore>().FindAsync(Guid.Parse(breachId), default);
        var breaches = await services.GetRequiredService<IBreachStore>().ListUnnotifiedAsync(default);
        var disclosures = await services.GetRequiredService<IDisclosureStore>().ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default);
        return $"ledger {ledger.EntryCount}/{ledger.HeadHash}; audit {audit?.Sequence}/{audit?.Hash}; blocks {string.Join(',', blocks.Select(b => b.Id).Order())}; "
            + $"breach {breach?.AuthorityNotifiedAt}/{breach?.SubjectNotifications.Count}; unnotified {breaches.Count}; disclosures {disclosures.Count}";
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    [GeneratedRegex(@"\p{Nd}(?:[^\p{L}\p{Nd}]*\p{Nd}){11}")]
    private static partial Regex TwelveDigitRun();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    // GET consents, consents/history, consents/receipts/{id} and me/export, with a query string.
    [GeneratedRegex(@"^privacy/(consents|consents/history|consents/receipts/[^/?]+|me/export)\?")]
    private static partial Regex PersonalReads();

    private sealed class AcceptingNotifier : IBreachNotifier
    {
        public ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }
}
