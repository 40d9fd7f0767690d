using System.Globalization;
using System.Text.Json;

namespace HrPlus.Privacy.Consent;

/// <summary>
/// A consent receipt for one ledger event: what a subject (or their representative) can keep as proof of what they
/// agreed to. <see cref="ToJson"/> writes it with the information elements of ISO/IEC TS 27560:2023 (record and
/// receipt ids, PII principal, controller, notice, purposes with legal basis and PII categories, state, expiry)
/// plus the Law 94-V Art. 8(4) flags and the ledger position and hashes that prove it is in the chain. Once a checkpoint
/// covers the event, the receipt also carries that signed tree head and the event's inclusion proof, and
/// <see cref="ConsentReceiptVerifier.Verify"/> checks it offline with the published public keys alone.
/// </summary>
public sealed class ConsentReceipt
{
    /// <summary>The schema identifier written as <c>schema_version</c>.</summary>
    public const string SchemaVersion = "hrplus-consent-receipt/1 (ISO/IEC TS 27560:2023)";

    internal ConsentReceipt(ConsentEvent consentEvent, ConsentPurpose? purpose, Audit.ReceiptEvidence? evidence = null)
    {
        Event = consentEvent;
        Purpose = purpose;
        Evidence = evidence;
    }

    /// <summary>Gets the signed tree head of the ledger that covers the event, or null before a checkpoint covers it.</summary>
    public Audit.SignedTreeHead? TreeHead => Evidence?.Head;

    /// <summary>Gets the event's inclusion proof in <see cref="TreeHead"/> (audit path, 32-byte hashes), empty without a head.</summary>
    public IReadOnlyList<byte[]> InclusionProof => Evidence?.Head is null ? [] : [.. Evidence.Path.Select(p => (byte[])p.Clone())];

    /// <summary>Gets when the next checkpoint is due, while none covers the event yet; otherwise null.</summary>
    public DateTimeOffset? NextCheckpointDue => Evidence?.NextCheckpointDue;

    private Audit.ReceiptEvidence? Evidence { get; }

    /// <summary>Gets the ledger event the receipt is for.</summary>
    public ConsentEvent Event { get; }

    /// <summary>Gets the purpose as catalogued, or null when the catalogue no longer has its code.</summary>
    public ConsentPurpose? Purpose { get; }

    /// <summary>Writes the receipt as indented JSON (UTF-8 text; Kazakh and Russian titles unescaped).</summary>
    public string ToJson() => DocumentJson.Write(Write);

    /// <summary>Writes the receipt object to <paramref name="json"/>.</summary>
    public void Write(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var e = Event;
        json.WriteStartObject();
        json.WriteString("schema_version", SchemaVersion);
        json.WriteString("receipt_id", e.EventId.ToString("D"));
        json.WriteString("record_id", e.EventId.ToString("D"));
        json.WriteString("created", DocumentJson.Instant(e.OccurredAt));
        json.WriteString("pii_principal_id", e.SubjectId);
        json.WriteStartArray("pii_controllers");
        json.WriteStartObject();
        json.WriteString("name", e.OperatorName);
        DocumentJson.WriteNullable(json, "bin", e.OperatorBin);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("notice");
        json.WriteNumber("policy_version", e.PolicyVersion);
        json.WriteString("language", e.Language);
        json.WriteString("content_hash", "sha256:" + e.PolicyTextHash);
        json.WriteEndObject();
        json.WriteStartArray("purposes");
        json.WriteStartObject();
        json.WriteString("purpose_id", e.Purpose);
        if (Purpose is { } purpose)
        {
            json.WriteStartObject("purpose");
            json.WriteString("kk", purpose.TitleKk);
            json.WriteString("ru", purpose.TitleRu);
            json.WriteString("en", purpose.TitleEn);
            json.WriteEndObject();
            json.WriteString("legal_basis", DocumentJson.Kebab(purpose.LegalBasis));
            json.WriteBoolean("explicit_opt_in", purpose.RequiresExplicitOptIn);
        }

        json.WriteStartArray("pii_categories");
        foreach (var category in e.DataCategories)
        {
            json.WriteStringValue(category);
        }

        json.WriteEndArray();
        json.WriteBoolean("third_party_disclosure", e.ThirdPartyTransfer);
        json.WriteBoolean("cross_border_transfer", e.CrossBorderTransfer);
        json.WriteBoolean("public_sources", e.PublicSources);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("event");
        json.WriteString("type", e.Kind == ConsentEventKind.Granted ? "consent-given" : "consent-withdrawn");
        json.WriteString("time", DocumentJson.Instant(e.OccurredAt));
        json.WriteString("method", DocumentJson.Kebab(e.Channel));
        json.WriteStartObject("given_by");
        json.WriteString("type", DocumentJson.Kebab(e.GivenBy));
        if (e.GivenBy == ConsentGiverKind.Representative)
        {
            DocumentJson.WriteNullable(json, "id", e.RepresentativeId);
            json.WriteString("relationship", DocumentJson.Kebab(e.Relationship));
            json.WriteBoolean("minor_also_agreed", e.MinorAlsoAgreed);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("consent_state", e.Kind == ConsentEventKind.Granted ? "given" : "withdrawn");
        DocumentJson.WriteNullable(json, "expiry", e.ExpiresAt is { } expires ? DocumentJson.Instant(expires) : null);
        DocumentJson.WriteNullable(json, "subject_adult_from", e.SubjectAdultFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartObject("evidence");
        DocumentJson.WriteNullable(json, "ip_address", e.EvidenceIpAddress);
        DocumentJson.WriteNullable(json, "user_agent", e.EvidenceUserAgent);
        json.WriteEndObject();
        json.WriteStartObject("ledger");
        json.WriteNumber("position", e.Sequence);
        json.WriteString("previous_hash", e.PreviousHash);
        json.WriteString("hash", e.Hash);
        json.WriteEndObject();
        if (Evidence is { } evidence)
        {
            json.WriteStartObject("checkpoint");
            if (evidence.Head is { } head)
            {
                json.WriteString("status", "included");
                json.WriteString("tree_head", head.ToString());
                json.WriteNumber("leaf_index", evidence.LeafIndex);
                json.WriteStartArray("inclusion_proof");
                foreach (var node in evidence.Path)
                {
                    json.WriteStringValue(Convert.ToHexStringLower(node));
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteString("status", "pending");
                DocumentJson.WriteNullable(json, "next_checkpoint_due", evidence.NextCheckpointDue is { } due ? DocumentJson.Instant(due) : null);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
