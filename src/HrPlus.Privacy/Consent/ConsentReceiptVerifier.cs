using System.Globalization;
using System.Text.Json;
using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Consent;

/// <summary>
/// Verifies a consent receipt (<see cref="ConsentReceipt.ToJson"/>) offline with the published checkpoint keys alone:
/// no database, no service provider, no secret. The event's hash is recomputed from the receipt's own fields, so any
/// changed byte of a signed field, of the proof, of the tree head or of its signature fails.
/// </summary>
public static class ConsentReceiptVerifier
{
    private const int MaxReceiptLength = 1 << 20;

    /// <summary>Verifies <paramref name="receiptJson"/> against <paramref name="publicKeys"/> (from <c>GET {prefix}/evidence/keys</c>).</summary>
    /// <returns>The result; never throws for hostile input (it is <see cref="ConsentReceiptVerificationStatus.Malformed"/>).</returns>
    public static ConsentReceiptVerification Verify(string receiptJson, IEnumerable<CheckpointPublicKey> publicKeys)
    {
        ArgumentNullException.ThrowIfNull(receiptJson);
        ArgumentNullException.ThrowIfNull(publicKeys);
        if (receiptJson.Length > MaxReceiptLength)
        {
            return Result(ConsentReceiptVerificationStatus.Malformed);
        }

        ConsentEvent consentEvent;
        JsonElement? checkpoint;
        try
        {
            using var document = JsonDocument.Parse(receiptJson, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.GetProperty("schema_version").GetString() != ConsentReceipt.SchemaVersion)
            {
                return Result(ConsentReceiptVerificationStatus.Malformed);
            }

            consentEvent = ReadEvent(root);

            // Fields the receipt repeats in the standard's places must repeat the signed ones exactly.
            if (root.GetProperty("record_id").GetString() != root.GetProperty("receipt_id").GetString()
                || root.GetProperty("event").GetProperty("time").GetString() != root.GetProperty("created").GetString()
                || root.GetProperty("consent_state").GetString() != (consentEvent.Kind == ConsentEventKind.Granted ? "given" : "withdrawn"))
            {
                return Result(ConsentReceiptVerificationStatus.EventAltered, consentEvent.Sequence);
            }
            checkpoint = root.TryGetProperty("checkpoint", out var c) ? c.Clone() : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return Result(ConsentReceiptVerificationStatus.Malformed);
        }

        var position = consentEvent.Sequence;
        if (!ChainHashing.FixedTimeEquals(ConsentChain.ComputeHash(consentEvent), consentEvent.Hash))
        {
            return Result(ConsentReceiptVerificationStatus.EventAltered, position);
        }

        if (checkpoint is not { ValueKind: JsonValueKind.Object } proof)
        {
            return Result(ConsentReceiptVerificationStatus.Pending, position);
        }

        try
        {
            var status = proof.GetProperty("status").GetString();
            if (status == "pending")
            {
                return Result(ConsentReceiptVerificationStatus.Pending, position);
            }

            if (status != "included" || !SignedTreeHead.TryParse(proof.GetProperty("tree_head").GetString(), out var head))
            {
                return Result(ConsentReceiptVerificationStatus.Malformed, position);
            }

            if (head.Log != HashChainedLog.ConsentLedger || !SignedTreeHead.Verify(head, publicKeys))
            {
                return Result(ConsentReceiptVerificationStatus.TreeHeadInvalid, position);
            }

            var leafIndex = proof.GetProperty("leaf_index").GetInt64();
            var path = new List<byte[]>();
            foreach (var node in proof.GetProperty("inclusion_proof").EnumerateArray())
            {
                var hex = node.GetString() ?? string.Empty;
                if (hex.Length != 64 || hex.Any(char.IsUpper))
                {
                    return Result(ConsentReceiptVerificationStatus.ProofInvalid, position);
                }

                path.Add(Convert.FromHexString(hex));
            }

            var leaf = MerkleTree.HashEntry(consentEvent.Hash);
            return leafIndex == position - 1 && MerkleProof.VerifyInclusion(leaf, leafIndex, head.TreeSize, path, head.GetRootHash())
                ? Result(ConsentReceiptVerificationStatus.Verified, position, head)
                : Result(ConsentReceiptVerificationStatus.ProofInvalid, position);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Result(ConsentReceiptVerificationStatus.Malformed, position);
        }
    }

    /// <summary>Rebuilds the ledger event from the receipt's fields, exactly as <see cref="ConsentReceipt.Write"/> wrote them.</summary>
    private static ConsentEvent ReadEvent(JsonElement root)
    {
        var controller = root.GetProperty("pii_controllers")[0];
        var notice = root.GetProperty("notice");
        var purpose = root.GetProperty("purposes")[0];
        var happened = root.GetProperty("event");
        var givenBy = happened.GetProperty("given_by");
        var giver = Enum<ConsentGiverKind>(givenBy.GetProperty("type").GetString());
        var evidence = root.GetProperty("evidence");
        var ledger = root.GetProperty("ledger");
        var contentHash = notice.GetProperty("content_hash").GetString() ?? string.Empty;
        if (!contentHash.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new FormatException("The notice's content hash is not SHA-256.");
        }

        var kind = happened.GetProperty("type").GetString() switch
        {
            "consent-given" => ConsentEventKind.Granted,
            "consent-withdrawn" => ConsentEventKind.Withdrawn,
            _ => throw new FormatException("Unknown event type."),
        };
        return new ConsentEvent
        {
            Sequence = ledger.GetProperty("position").GetInt64(),
            EventId = Guid.ParseExact(root.GetProperty("receipt_id").GetString()!, "D"),
            Kind = kind,
            SubjectId = root.GetProperty("pii_principal_id").GetString()!,
            Purpose = purpose.GetProperty("purpose_id").GetString()!,
            OccurredAt = Instant(root.GetProperty("created").GetString()),
            PolicyVersion = notice.GetProperty("policy_version").GetInt32(),
            PolicyTextHash = contentHash["sha256:".Length..],
            Language = notice.GetProperty("language").GetString()!,
            GivenBy = giver,
            RepresentativeId = giver == ConsentGiverKind.Representative ? givenBy.GetProperty("id").GetString() : null,
            Relationship = giver == ConsentGiverKind.Representative ? Enum<RepresentativeRelationship>(givenBy.GetProperty("relationship").GetString()) : RepresentativeRelationship.None,
            MinorAlsoAgreed = giver == ConsentGiverKind.Representative && givenBy.GetProperty("minor_also_agreed").GetBoolean(),
            Channel = Enum<ConsentChannel>(happened.GetProperty("method").GetString()),
            EvidenceIpAddress = evidence.GetProperty("ip_address").GetString(),
            EvidenceUserAgent = evidence.GetProperty("user_agent").GetString(),
            OperatorName = controller.GetProperty("name").GetString()!,
            OperatorBin = controller.GetProperty("bin").GetString(),
            ExpiresAt = root.GetProperty("expiry").GetString() is { } expiry ? Instant(expiry) : null,
            DataCategories = [.. purpose.GetProperty("pii_categories").EnumerateArray().Select(c => c.GetString()!)],
            ThirdPartyTransfer = purpose.GetProperty("third_party_disclosure").GetBoolean(),
            CrossBorderTransfer = purpose.GetProperty("cross_border_transfer").GetBoolean(),
            PublicSources = purpose.GetProperty("public_sources").GetBoolean(),
            SubjectAdultFrom = root.GetProperty("subject_adult_from").GetString() is { } adult
                ? DateOnly.ParseExact(adult, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null,
            PreviousHash = ledger.GetProperty("previous_hash").GetString()!,
            Hash = ledger.GetProperty("hash").GetString()!,
        };
    }

    private static DateTimeOffset Instant(string? text) =>
        DateTimeOffset.ParseExact(text ?? string.Empty, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static TEnum Enum<TEnum>(string? kebab)
        where TEnum : struct, Enum
    {
        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (DocumentJson.Kebab(value) == kebab)
            {
                return value;
            }
        }

        throw new FormatException("Unknown value.");
    }

    private static ConsentReceiptVerification Result(ConsentReceiptVerificationStatus status, long? position = null, SignedTreeHead? head = null) =>
        new(status, position, head);
}
