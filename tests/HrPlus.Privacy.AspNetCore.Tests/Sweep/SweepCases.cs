using System.Text;

namespace HrPlus.Privacy.AspNetCore.Tests.Sweep;

/// <summary>
/// Generates the sweep: every route the SDK maps, each with malformed path values, wrong methods, hostile headers,
/// malformed, oversized and wrongly typed bodies, for an anonymous caller, a pupil, an operator and a caller whose id
/// holds an IIN. Each hostile value carries a marker that must never be echoed.
/// </summary>
internal static class SweepCases
{
    public const string Pupil = "pupil-1";
    public const string Operator = "operator-1";

    /// <summary>A parent the host authorizes for <see cref="Pupil"/> (issue 26): the server knows no birth date of the pupil.</summary>
    public const string Parent = "parent-1";

    /// <summary>A subject with consent to news and offers in force, whose data is blocked (issue 26).</summary>
    public const string Blocked = "blocked-1";

    /// <summary>The IIN with a wrong check digit: IIN-shaped, not valid.</summary>
    public static string MistypedIin => Iin[..11] + (char)('0' + ((Iin[11] - '0' + 1) % 10));

    /// <summary>What may stand between an IIN's digit groups in a path (issue 26, point 3).</summary>
    public static readonly string[] IinSeparators = ["_", ".", "+", "%2F", "~", ":", ",", ";", "=", "!", "*", "%20", "%5F", "__"];

    public static readonly string Iin = TestIins.Generate(4242);
    public const string Email = "ivanova.aigerim@mail.kz";
    public const string Phone = "+77011234567";
    public const string PhoneNational = "7011234567";

    public static IReadOnlyList<SweepRoute> Routes(string receiptId, string breachId) =>
    [
        new("GET", "privacy/policy", string.Empty, null),
        new("GET", "privacy/policy/versions", string.Empty, null),
        new("GET", "privacy/policy/{x}", "1", null),
        new("GET", "privacy/consents", string.Empty, null),
        new("POST", "privacy/consents/{x}", "support", """{"policyVersion":1,"language":"ru"}"""),
        new("DELETE", "privacy/consents/{x}", "news-offers", null),
        new("GET", "privacy/consents/history", string.Empty, null),
        new("GET", "privacy/consents/receipts/{x}", receiptId, null),
        new("GET", "privacy/cookies", string.Empty, null),
        new("POST", "privacy/cookies", string.Empty, """{"categories":["analytics"]}"""),
        new("GET", "privacy/me/export", string.Empty, null),
        new("POST", "privacy/me/block-request", string.Empty, """{"reason":"checking my data"}"""),
        new("POST", "privacy/admin/subjects/{x}/block", "target-1", """{"reason":"checking","requester":"operator"}"""),
        new("DELETE", "privacy/admin/subjects/{x}/block", "target-1", null),
        new("GET", "privacy/admin/subjects/{x}/export", "target-2", null),
        new("POST", "privacy/admin/subjects/{x}/erase", "target-3", """{"reason":"subject asked"}"""),
        new("GET", "privacy/admin/retention/due", string.Empty, null),
        new("POST", "privacy/admin/disclosures", string.Empty, """{"recipient":"Ministry of Education","legalBasis":"Law 94-V art. 9","dataCategories":["name"],"subjects":["target-4"]}"""),
        new("GET", "privacy/admin/disclosures", string.Empty, null),
        new("POST", "privacy/admin/breaches", string.Empty, """{"discoveredAt":"2026-01-05T09:00:00Z","description":"lost laptop","affectedSubjects":["target-5"]}"""),
        new("GET", "privacy/admin/breaches/overdue", string.Empty, null),
        new("GET", "privacy/admin/breaches/{x}", breachId, null),
        new("POST", "privacy/admin/breaches/{x}/authority-notification", breachId, """{"reference":"AUTH-1"}"""),
        new("POST", "privacy/admin/breaches/{x}/notify-subjects", breachId, "{}"),
        new("GET", "offers", string.Empty, null),
        new("GET", "pupils/{x}", "42", null),
        new("GET", "privacy/no-such/{x}", "1", null),
    ];

    public static IEnumerable<SweepCase> For(SweepRoute route, int routeIndex)
    {
        var users = new string?[] { null, Pupil, Parent, Blocked, Operator, "IIN" + Iin };
        foreach (var user in users)
        {
            var n = 0;
            foreach (var variant in Variants(route))
            {
                var marker = $"zq{routeIndex}x{n++}q";
                yield return variant(user, marker);
            }
        }
    }

    private static IEnumerable<Func<string?, string, SweepCase>> Variants(SweepRoute route)
    {
        var json = "application/json";
        var body = route.ValidBody is null ? null : Encoding.UTF8.GetBytes(route.ValidBody);
        SweepCase Make(string name, string? user, string marker, string? pathValue = null, string? method = null,
            IEnumerable<KeyValuePair<string, string>>? headers = null, byte[]? content = null, string? contentType = null, bool keepBody = true, string query = "", params string[] markers) =>
            new(name, method ?? route.Method, Path(route, pathValue ?? route.ValidValue) + query, user, [.. headers ?? []],
                content ?? (keepBody ? body : null), contentType ?? (content is not null || (keepBody && body is not null) ? json : null), [.. markers]);

        yield return (u, m) => Make("valid", u, m);

        // Malformed path values (only where the route has one).
        if (route.Template.Contains("{x}", StringComparison.Ordinal))
        {
            foreach (var (name, value) in new[]
            {
                ("marker", "{m}"),
                ("iin", Iin),
                ("iin-hyphen", Iin[..6] + "-" + Iin[6..]),
                ("email", Uri.EscapeDataString(Email)),
                ("phone", Uri.EscapeDataString(Phone)),
                ("traversal", "..%2F..%2F{m}"),
                ("long", new string('x', 3000) + "{m}"),
                ("rtl", "%E2%80%AE{m}"),
                ("bad-utf8", "%FF%FE{m}"),
                ("negative", "-1"),
                ("huge", "99999999999999999999"),
                ("braced-guid", "%7B0190a5c4-0000-7000-8000-000000000000%7D"),
                ("script", "%3Cscript%3E{m}"),
                ("control", "%01%1B{m}"),
                ("iin-mistyped", MistypedIin),
                ("iin-in-token", Iin + ".json"),
                ("iin-slash", Iin[..6] + "/" + Iin[6..]),
            }.Concat(IinSeparators.Select(s => ("iin-sep" + s, Iin[..6] + s + Iin[6..]))))
            {
                yield return (u, m) => Make("path-" + name, u, m, pathValue: value.Replace("{m}", m, StringComparison.Ordinal), markers: [m]);
            }
        }

        // Wrong methods (of the SDK's routes: which methods a host route takes, and how it answers others, is the host's).
        foreach (var method in !route.Template.StartsWith("privacy/", StringComparison.Ordinal) ? [] : new[] { "PUT", "PATCH", route.Method == "GET" ? "POST" : "GET", route.Method == "DELETE" ? "POST" : "DELETE" })
        {
            yield return (u, m) => Make("method-" + method, u, m, method: method, content: Encoding.UTF8.GetBytes("{\"x\":\"" + m + "\"}"), markers: [m]);
        }

        // Query strings: a subject the caller may not read (no representative is authorized here), one holding an IIN,
        // a repeated one, and a parameter no route takes (a 400 on the personal routes, never ignored).
        foreach (var (name, query) in new[]
        {
            ("subject", "?subjectId={m}"),
            ("subject-iin", "?subjectId=IIN{iin}"),
            ("subject-twice", "?subjectId=" + Pupil + "&subjectId={m}"),
            ("unknown", "?{m}=1"),
        })
        {
            yield return (u, m) => Make("query-" + name, u, m, query: query.Replace("{m}", m, StringComparison.Ordinal).Replace("{iin}", Iin, StringComparison.Ordinal), markers: [m]);
        }

        // Hostile headers.
        yield return (u, m) => Make("ua-personal", u, m, headers: [new("User-Agent", $"Bot/1.0 (+{Email}; {Iin}; {Phone}) \u202E{m}\u200B")], markers: [m]);
        yield return (u, m) => Make("ua-huge", u, m, headers: [new("User-Agent", new string('U', 8000) + m)], markers: [m]);
        yield return (u, m) => Make("referer", u, m, headers: [new("Referer", $"//user:{m}@school.kz/p/{Iin};jsessionid={m}/{Uri.EscapeDataString(Email)}?q={m}")], markers: [m]);
        yield return (u, m) => Make("cookie", u, m, headers: [new("Cookie", $"seen_{Iin}=1; {m}=v; =; ;; \"q\"=\"{m}\"; .HrPlus.CookieConsent=v1%3A{m}")], markers: [m]);
        yield return (u, m) => Make("accept-html", u, m, headers: [new("Accept", "text/html"), new("Accept-Language", m)], markers: [m]);
        yield return (u, m) => Make("forwarded", u, m, headers: [new("X-Forwarded-For", "203.0.113.9"), new("X-Forwarded-Host", m + ".evil"), new("X-HTTP-Method-Override", "DELETE")], markers: [m]);

        // Malformed, hostile and oversized bodies (JSON content type).
        foreach (var (name, text) in new[]
        {
            ("truncated", "{\"reason\":\"{m}"),
            ("null", "null"),
            ("array", "[\"{m}\"]"),
            ("string", "\"{m}\""),
            ("wrong-types", "{\"policyVersion\":\"{m}\",\"categories\":\"{m}\",\"reason\":7,\"requester\":[\"{m}\"],\"discoveredAt\":\"{m}\",\"reference\":{}}"),
            ("personal", "{\"reason\":\"iin " + "{iin}" + " {m}\",\"subjectId\":\"IIN{iin}\",\"relationship\":\"{m}\",\"requester\":\"{m}\",\"recipient\":\"{email}\",\"legalBasis\":\"{m}\",\"subjects\":[\"{iin}\"],\"description\":\"{m}\",\"discoveredAt\":\"2026-01-05T09:00:00Z\",\"affectedSubjects\":[\"{iin}\"],\"reference\":\"\\u0001{m}\"}"),
            ("deep", new string('[', 300) + new string(']', 300)),
            ("oversized", "{\"reason\":\"" + new string('r', 40_000) + "{m}\"}"),

            // Issue 26: a representative's grant without a birth date the server knows, and birth dates no one has.
            ("rep-no-birth-date", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectId\":\"" + Pupil + "\",\"relationship\":\"parent\"}"),
            ("rep-adult-birth-date", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectId\":\"" + Pupil + "\",\"relationship\":\"parent\",\"subjectBirthDate\":\"1990-01-01\"}"),
            ("birth-future", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectBirthDate\":\"9999-12-31\"}"),
            ("birth-ancient", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectBirthDate\":\"1899-12-31\"}"),
            ("rep-birth-future", "{\"policyVersion\":1,\"language\":\"ru\",\"subjectId\":\"" + Pupil + "\",\"relationship\":\"parent\",\"subjectBirthDate\":\"9999-12-31\"}"),
        })
        {
            yield return (u, m) => Make("body-" + name, u, m, content: Encoding.UTF8.GetBytes(text.Replace("{m}", m, StringComparison.Ordinal).Replace("{iin}", Iin, StringComparison.Ordinal).Replace("{email}", Email, StringComparison.Ordinal)), markers: [m]);
        }

        yield return (u, m) => Make("body-bad-utf8", u, m, content: [(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return (u, m) => Make("body-huge", u, m, content: new byte[1_200_000]);

        // Wrong content types for the (otherwise valid) body.
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/xml", "application/json; charset=bogus" })
        {
            yield return (u, m) => Make("type-" + type.Split(';')[0], u, m, content: body ?? Encoding.UTF8.GetBytes("{}"), contentType: type);
        }
    }

    /// <summary>
    /// The status issue 26 fixes for a case, or null where the sweep asks only for no 500, a problem body and no echo:
    /// a birth date in the future or before 1900 is 400 on a grant whoever grants; a representative's grant without a
    /// birth date the server knows is refused (422); a blocked subject is refused by RequireConsent (403).
    /// </summary>
    public static int? ExpectedStatus(SweepCase sweep)
    {
        var grant = sweep.Method == "POST" && sweep.Path == "privacy/consents/support" && sweep.User is not null;
        return sweep.Name switch
        {
            "body-birth-future" or "body-birth-ancient" or "body-rep-birth-future" when grant => 400,
            "body-rep-no-birth-date" or "body-rep-adult-birth-date" when grant && sweep.User == Parent => 422,
            _ when sweep.User == Blocked && sweep.Path.StartsWith("offers", StringComparison.Ordinal) && sweep.Method == "GET" => 403,
            _ => null,
        };
    }

    private static string Path(SweepRoute route, string value) => route.Template.Replace("{x}", value, StringComparison.Ordinal);
}
