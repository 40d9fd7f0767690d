using System.Text.Json.Nodes;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HrPlus.Privacy.Tests.Consent;

/// <summary>Receipts carry a signed tree head and an inclusion proof, and verify offline with the public keys alone.</summary>
public sealed class ConsentReceiptVerifierTests
{
    private const string Parent = "parent-0001";

    // Every field the ledger hash covers, and every part of the proof, as paths into the receipt.
    private static readonly string[][] SignedPaths =
    [
        ["receipt_id"], ["record_id"], ["created"], ["pii_principal_id"], ["pii_controllers", "0", "name"], ["pii_controllers", "0", "bin"],
        ["notice", "policy_version"], ["notice", "language"], ["notice", "content_hash"], ["purposes", "0", "purpose_id"],
        ["purposes", "0", "pii_categories", "0"], ["purposes", "0", "pii_categories", "1"], ["purposes", "0", "third_party_disclosure"],
        ["purposes", "0", "cross_border_transfer"], ["purposes", "0", "public_sources"], ["event", "type"], ["event", "time"],
        ["event", "method"], ["event", "given_by", "type"], ["event", "given_by", "id"], ["event", "given_by", "relationship"],
        ["event", "given_by", "minor_also_agreed"], ["consent_state"], ["expiry"], ["subject_adult_from"], ["evidence", "ip_address"],
        ["evidence", "user_agent"], ["ledger", "position"], ["ledger", "previous_hash"], ["ledger", "hash"],
        ["checkpoint", "tree_head"], ["checkpoint", "leaf_index"], ["checkpoint", "inclusion_proof", "0"], ["checkpoint", "inclusion_proof", "1"],
    ];

    [Fact]
    public async Task EveryReceipt_OnceCheckpointed_VerifiesWithThePublicKeysAlone()
    {
        using var host = new ConsentTestHost();
        var events = await GrantSeveralAsync(host, 7);
        await Job(host).RunOnceAsync(CancellationToken.None);
        var keysJson = CheckpointPublicKey.ToJson(await host.Services.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync());

        foreach (var e in events)
        {
            var receipt = await host.Consents.GetReceiptAsync(e.EventId);
            var result = ConsentReceiptVerifier.Verify(receipt!.ToJson(), CheckpointPublicKey.ParseSet(keysJson));

            Assert.Equal(ConsentReceiptVerificationStatus.Verified, result.Status);
            Assert.Equal(e.Sequence, result.Position);
            Assert.Equal(7, result.TreeHead!.TreeSize);
            Assert.Equal(receipt.TreeHead!.ToString(), result.TreeHead.ToString());
        }
    }

    [Fact]
    public async Task AReceiptBeforeAnyCheckpointCoversIt_IsPending_AndSaysWhenTheNextIsDue()
    {
        using var host = new ConsentTestHost();
        await GrantSeveralAsync(host, 2);
        var checkpointedAt = host.Time.GetUtcNow();
        await Job(host).RunOnceAsync(CancellationToken.None);
        var late = (await GrantSeveralAsync(host, 1, from: 2))[0];

        var receipt = await host.Consents.GetReceiptAsync(late.EventId);
        var json = JsonNode.Parse(receipt!.ToJson())!;
        var result = ConsentReceiptVerifier.Verify(receipt.ToJson(), await host.Services.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync());

        Assert.Equal(ConsentReceiptVerificationStatus.Pending, result.Status);
        Assert.Null(receipt.TreeHead);
        Assert.Equal("pending", (string?)json["checkpoint"]!["status"]);
        Assert.Equal(checkpointedAt + TimeSpan.FromMinutes(10), receipt.NextCheckpointDue);
        Assert.Equal("2026-09-01T04:10:02.000000Z", (string?)json["checkpoint"]!["next_checkpoint_due"]);
    }

    [Fact]
    public async Task AnyChangedSignedField_ProofNode_Head_OrSignature_Fails()
    {
        using var host = new ConsentTestHost();
        var events = await GrantSeveralAsync(host, 5);
        await Job(host).RunOnceAsync(CancellationToken.None);
        var keys = await host.Services.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync();
        var original = (await host.Consents.GetReceiptAsync(events[2].EventId))!.ToJson();
        Assert.True(ConsentReceiptVerifier.Verify(original, keys).IsVerified);
        var random = new Random(23);

        var checkedPaths = 0;
        foreach (var path in SignedPaths)
        {
            for (var trial = 0; trial < 6; trial++)
            {
                var node = JsonNode.Parse(original)!;
                if (!Mutate(node, path, random))
                {
                    continue;
                }

                var result = ConsentReceiptVerifier.Verify(node.ToJsonString(), keys);
                Assert.False(result.IsVerified, $"{string.Join('.', path)} changed, still verified");
                Assert.NotEqual(ConsentReceiptVerificationStatus.Pending, result.Status);
                checkedPaths++;
            }
        }

        Assert.True(checkedPaths >= SignedPaths.Length * 5, $"{checkedPaths} mutations checked");
    }

    [Fact]
    public async Task HostileReceipts_AreMalformed_NeverAnException()
    {
        using var host = new ConsentTestHost();
        var keys = await host.Services.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync();
        string[] hostile = ["", "null", "[]", "{}", "{\"schema_version\": 3}", new string('[', 5000), "{\"schema_version\": \"" + ConsentReceipt.SchemaVersion + "\"}"];

        Assert.All(hostile, h => Assert.Equal(ConsentReceiptVerificationStatus.Malformed, ConsentReceiptVerifier.Verify(h, keys).Status));
    }

    private static ChainCheckpointJob Job(ConsentTestHost host) =>
        host.Services.GetServices<IHostedService>().OfType<ChainCheckpointJob>().Single();

    private static async Task<List<ConsentEvent>> GrantSeveralAsync(ConsentTestHost host, int count, int from = 0)
    {
        if (from == 0)
        {
            await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        }

        var granted = new List<ConsentEvent>();
        for (var i = from; i < from + count; i++)
        {
            // Every other one by a parent for a ten-year-old, so the representative fields are covered too.
            var request = i % 2 == 0
                ? ConsentTestHost.Request($"pupil-{i:0000}", ConsentPurposes.Identification, 1, new DateOnly(2016, 3, 1), ConsentGiver.Representative(Parent, RepresentativeRelationship.Parent))
                : ConsentTestHost.Request($"staff-{i:0000}", ConsentPurposes.Identification, 1, new DateOnly(1990, 3, 1), expiresAt: host.Time.GetUtcNow().AddYears(1));
            granted.Add(await host.Consents.GrantAsync(request));
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return granted;
    }

    /// <summary>Changes one character, number or flag at <paramref name="path"/>; false when the path is absent here.</summary>
    private static bool Mutate(JsonNode root, string[] path, Random random)
    {
        var parent = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            parent = int.TryParse(path[i], out var index) ? (parent is JsonArray a && index < a.Count ? a[index] : null) : parent?[path[i]];
        }

        if (parent is null)
        {
            return false;
        }

        var last = path[^1];
        var value = int.TryParse(last, out var at) ? (parent is JsonArray array && at < array.Count ? array[at] : null) : parent[last];
        JsonNode? replacement = value switch
        {
            null => JsonValue.Create("x"),
            JsonValue v when v.TryGetValue<bool>(out var flag) => JsonValue.Create(!flag),
            JsonValue v when v.TryGetValue<long>(out var number) => JsonValue.Create(number + 1 + random.Next(3)),
            JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 0 => JsonValue.Create(ChangeOneChar(text, random)),
            _ => null,
        };
        if (replacement is null)
        {
            return false;
        }

        if (parent is JsonArray list)
        {
            list[at] = replacement;
        }
        else
        {
            parent[last] = replacement;
        }

        return true;
    }

    private static string ChangeOneChar(string text, Random random)
    {
        var chars = text.ToCharArray();
        var i = random.Next(chars.Length);
        var c = chars[i];
        chars[i] = char.IsAsciiDigit(c) ? (char)('0' + ((c - '0' + 1 + random.Next(9)) % 10))
            : c is >= 'a' and <= 'f' ? (char)('a' + ((c - 'a' + 1 + random.Next(5)) % 6))
            : c == 'x' ? 'y' : 'x';
        return new string(chars);
    }
}
