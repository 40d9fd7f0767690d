using System.Net;
using System.Text.RegularExpressions;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>The operator's view: key rotation with re-encryption, policy publication and re-consent, ledger, access log.</summary>
public sealed partial class OperatorTests
{
    [Fact]
    public async Task Operator_SeededData_ShowsReconsentForVersion1Consents_AndAnIntactLedger()
    {
        await using var server = await SampleServer.StartAsync();

        var (status, html) = await server.GetAsync("/operator?lang=en");

        // Half the seeded pupils consented under version 1; version 2 is a material change.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<td id=\"decision-ReconsentRequired\">{SampleServer.SeededPupils / 2}</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td id=\"decision-Granted\">{SampleServer.SeededPupils / 2}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"ledger-verification\" class=\"ok\">The hash chain is intact.</p>", html, StringComparison.Ordinal);
        Assert.Contains($"Events: {SampleServer.SeededPupils} ·", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"audit-verification\" class=\"ok\">The hash chain is intact.</p><p class=\"muted\">Events: " + SampleServer.SeededPupils + "</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishMaterialVersion_AsksEveryPupilToConsentAgain()
    {
        await using var server = await SampleServer.StartAsync();

        using var published = await server.PostFormAsync(
            "/operator?lang=en", "/operator/policy", [new("note", "Data kept for three years"), new("kind", "material"), new("lang", "en")]);
        var (_, html) = await server.GetAsync(published.Headers.Location!.OriginalString);
        var (_, policy) = await server.GetAsync("/policy?lang=kk");

        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal("/operator?published=3&lang=en", published.Headers.Location!.OriginalString);
        Assert.Contains("<strong id=\"op-policy-version\">3</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"<td id=\"decision-ReconsentRequired\">{SampleServer.SeededPupils}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("decision-Granted", html, StringComparison.Ordinal);
        Assert.Contains("<li>7. Оператордың ескертуі: Data kept for three years</li>", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconsent_AfterMaterialChange_GrantsAgainUnderTheNewVersion()
    {
        await using var server = await SampleServer.StartAsync();
        using var published = await server.PostFormAsync(
            "/operator?lang=en", "/operator/policy", [new("note", "New retention period"), new("kind", "material"), new("lang", "en")]);
        var (_, list) = await server.GetAsync("/pupils?lang=en");
        var id = RowIds().Match(list).Groups[1].Value;
        var (_, before) = await server.GetAsync($"/pupils/{id}?lang=en");

        using var reconsented = await server.PostFormAsync($"/pupils/{id}?lang=en", $"/pupils/{id}/consent", [new("lang", "en")]);
        var (_, after) = await server.GetAsync(reconsented.Headers.Location!.OriginalString);

        Assert.Contains("<td id=\"record-decision\">re-consent required</td>", before, StringComparison.Ordinal);
        Assert.Contains("id=\"reconsent\"", before, StringComparison.Ordinal);
        Assert.Equal($"/pupils/{id}?reconsented=3&lang=en", reconsented.Headers.Location!.OriginalString);
        Assert.Contains("<td id=\"record-decision\">granted</td>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"reconsent\"", after, StringComparison.Ordinal);
        var latest = (await server.Services.GetRequiredService<HrPlus.Privacy.Consent.IConsentService>().GetHistoryAsync(id)).MaxBy(e => e.Sequence)!;
        Assert.Equal(3, latest.PolicyVersion);
    }

    [Fact]
    public async Task PublishEditorialVersion_KeepsEarlierConsentsValid()
    {
        await using var server = await SampleServer.StartAsync();

        using var published = await server.PostFormAsync(
            "/operator?lang=en", "/operator/policy", [new("note", "Typo fixed"), new("kind", "editorial"), new("lang", "en")]);
        var (_, html) = await server.GetAsync(published.Headers.Location!.OriginalString);

        Assert.Contains($"<td id=\"decision-Granted\">{SampleServer.SeededPupils / 2}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKeys_MakesANewSharedKey_AndEveryPupilStaysUnderTheirOwnKey()
    {
        await using var server = await SampleServer.StartAsync();
        var ring = server.Services.GetRequiredService<IFieldKeyRing>();
        var before = ring.CurrentKey.Id;

        using var rotated = await server.PostFormAsync("/operator?lang=en", "/operator/keys/rotate", [new("lang", "en")]);
        var location = rotated.Headers.Location!.OriginalString;
        var (_, html) = await server.GetAsync(location);

        // Per-subject keys are on: every pupil's fields are under the pupil's own key, which a rotation of the shared key
        // leaves alone (erasure destroys it), so there is nothing to re-encrypt.
        var after = ring.CurrentKey.Id;
        Assert.NotEqual(before, after);
        Assert.Equal($"/operator?rotated={after:x8}&updated=0&reencrypted=0&failed=0&lang=en", location);
        Assert.Contains("<section id=\"rotation-result\" class=\"ok\">New key", html, StringComparison.Ordinal);
        var subjectKeys = ring.GetKeys().Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State == FieldKeyState.Active).Select(k => k.Id).ToHashSet();
        var rowKeys = new List<uint>();
        foreach (var row in await server.QueryRawAsync("SELECT Iin, FullName, ParentPhone, ParentEmail FROM pupils"))
        {
            var key = Assert.Single(row.Select(value => KeyIdOf(value!)).Distinct());
            Assert.Contains(key, subjectKeys);
            rowKeys.Add(key);
        }

        Assert.Equal(SampleServer.SeededPupils, rowKeys.Distinct().Count());
        Assert.Equal(SampleServer.SeededPupils, subjectKeys.Count);
        Assert.Contains($"<p id=\"subject-keys\">", html, StringComparison.Ordinal);
        var (_, list) = await server.GetAsync("/pupils?lang=en");
        Assert.Equal(SampleServer.SeededPupils, RowIds().Matches(list).Count);
    }

    [Fact]
    public async Task Operator_AccessLog_ShowsPseudonymizedAddressesAndNoQueryStrings()
    {
        await using var server = await SampleServer.StartAsync();
        await server.GetAsync("/pupils?lang=en&secret=value");
        await server.GetAsync("/policy?lang=en");
        await server.App.StopAsync();
        var monitor = server.Services.GetRequiredService<IAccessLogMonitor>();
        Assert.Equal(monitor.Enqueued, monitor.Persisted + monitor.Dropped);

        var records = await server.QueryRawAsync("SELECT Path, ClientIp FROM hrplus_access_records");

        Assert.Contains(records, r => r[0] == "/pupils");
        Assert.DoesNotContain(records, r => r[0]!.Contains('?', StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain("127.0.0", r[1] ?? string.Empty, StringComparison.Ordinal));
    }

    private static uint KeyIdOf(string ciphertext)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(ciphertext.AsSpan("hp1.".Length));
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
    }

    [GeneratedRegex("<tr data-pupil-id=\"([0-9a-f-]{36})\">")]
    private static partial Regex RowIds();
}
