using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.AspNetCore.Tests.Endpoints;

/// <summary>The published checkpoint keys, and a receipt fetched over HTTP verified with them alone.</summary>
public sealed class EvidenceEndpointTests
{
    [Fact]
    public async Task AReceiptFetchedOverHttp_VerifiesWithOnlyThePublishedKeys_FetchedAnonymously()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        await app.PublishPolicyAsync();
        using var grant = new HttpRequestMessage(HttpMethod.Post, "privacy/consents/news-offers")
        {
            Content = new StringContent("""{"policyVersion":1,"language":"ru","dataCategories":["email"]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        grant.Headers.Add(TestApp.UserHeader, "pupil-1");
        using var granted = await app.Client.SendAsync(grant);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var receiptPath = granted.Headers.Location!.OriginalString.TrimStart('/');
        var head = await app.Services.GetRequiredService<IHashChainCheckpoints>().CreateTreeHeadAsync(HashChainedLog.ConsentLedger);
        await app.Services.GetRequiredService<ISignedTreeHeadSink>().WriteAsync(head, CancellationToken.None);
        Assert.Equal(1, head.TreeSize);

        using var keys = await app.Client.GetAsync("privacy/evidence/keys");
        using var receipt = await app.Client.SendAsync(TestApp.Request(HttpMethod.Get, receiptPath, "pupil-1"));
        var result = ConsentReceiptVerifier.Verify(await receipt.Content.ReadAsStringAsync(), CheckpointPublicKey.ParseSet(await keys.Content.ReadAsStringAsync()));

        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal("public, max-age=300", keys.Headers.CacheControl!.ToString());
        Assert.Equal("application/json", keys.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ConsentReceiptVerificationStatus.Verified, result.Status);
        Assert.Equal(1, result.Position);
    }

    [Fact]
    public async Task Keys_AfterARotation_ListTheRetiredKeyWithItsEnd_AndTheNewOne()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPrivacyEndpoints("/privacy"));
        var checkpoints = app.Services.GetRequiredService<IHashChainCheckpoints>();
        var before = (await checkpoints.GetPublicKeysAsync()).Select(k => k.KeyId).ToList();
        var rotated = await checkpoints.RotateSigningKeyAsync();

        var keys = CheckpointPublicKey.ParseSet(await app.Client.GetStringAsync("privacy/evidence/keys"));

        Assert.Equal(rotated.KeyId, keys[^1].KeyId);
        Assert.Null(keys[^1].ValidTo);
        Assert.All(keys.Take(keys.Count - 1), k => Assert.NotNull(k.ValidTo));
        Assert.Subset(keys.Select(k => k.KeyId).ToHashSet(), before.ToHashSet());
    }
}
