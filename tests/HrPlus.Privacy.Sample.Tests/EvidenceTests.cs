using System.Net;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>Issue 23's acceptance: a receipt fetched over HTTP from the running sample verifies with only the published public key.</summary>
public sealed class EvidenceTests
{
    [Fact]
    public async Task AConsentReceiptFetchedOverHttp_VerifiesWithOnlyThePublishedPublicKey()
    {
        await using var server = await SampleServer.StartAsync();
        var pupil = await server.RegisterAsync("Aigerim Sadykova", TestPupils.Adult());

        // Force the round the hosted job makes every interval.
        var head = await server.Services.GetRequiredService<IHashChainCheckpoints>().CreateTreeHeadAsync(HashChainedLog.ConsentLedger);
        await server.Services.GetRequiredService<ISignedTreeHeadSink>().WriteAsync(head, CancellationToken.None);

        using var keysResponse = await server.NewClient().GetAsync("privacy/evidence/keys");
        using var receiptResponse = await server.NewClient().GetAsync($"pupils/{pupil}/consent-receipt");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (keysResponse.StatusCode, receiptResponse.StatusCode));
        var keys = CheckpointPublicKey.ParseSet(await keysResponse.Content.ReadAsStringAsync());
        var receipt = await receiptResponse.Content.ReadAsStringAsync();

        var result = ConsentReceiptVerifier.Verify(receipt, keys);

        Assert.Equal(ConsentReceiptVerificationStatus.Verified, result.Status);
        Assert.Equal(head.TreeSize, result.Position);
        Assert.Equal(head.ToString(), result.TreeHead!.ToString());
        Assert.Equal(head.KeyId, Assert.Single(keys).KeyId);
        Assert.Equal(ConsentReceiptVerificationStatus.TreeHeadInvalid, ConsentReceiptVerifier.Verify(receipt, []).Status);
    }
}
