using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace HrPlus.Privacy.Consent;

/// <summary>
/// A consent receipt for one ledger event: what a subject (or their representative) can keep as proof of what they
/// agreed to. <see cref="ToJson"/> writes it with the information elements of ISO/IEC TS 27560:2023 (record and
/// receipt ids, PII principal, controller, notice, purposes with legal basis and PII categories, state, expiry)
/// plus the Law 94-V Art. 8(4) flags and the ledger position and hashes that prove it is in the chain.
/// </summary>
public sealed class ConsentReceipt
{
    /// <summary>The schema identifier written as <c>schema_version</c>.</summary>
    public const string SchemaVersion = "hrplus-consent-receipt/1 (ISO/IEC TS 27560:2023)";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    internal ConsentReceipt(ConsentEvent consentEvent, ConsentPurpose? purpose)
    {
        Event = consentEvent;
        Purpose = purpose;
    }

    /// <summary>Gets the ledger event the receipt is for.</summary>
    public ConsentEvent Event { get; }

    /// <summary>Gets the purpose as catalogued, or null when the catalogue no longer has its code.</summary>
    public ConsentPurpose? Purpose { get; }

    /// <summary>Writes the receipt as indented JSON (UTF-8 text; Kazakh and Russian titles unescaped).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            Write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the receipt object to <paramref name="json"/>.</summary>
    public void Write(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var e = Event;
        json.WriteStartObject();
        json.WriteString("schema_version", SchemaVersion);
        json.WriteString("receipt_id", e.EventId.ToString("D"));
        json.WriteString("record_id", e.EventId.ToString("D"));
        json.WriteString("created", Format(e.OccurredAt));
        json.WriteString("pii_principal_id", e.SubjectId);
        json.WriteStartArray("pii_controllers");
        json.WriteStartObject();
        json.WriteString("name", e.OperatorName);
        WriteNullable(json, "bin", e.OperatorBin);
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
            json.WriteString("legal_basis", Kebab(purpose.LegalBasis.ToString()));
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
        json.WriteString("time", Format(e.OccurredAt));
        json.WriteString("method", Kebab(e.Channel.ToString()));
        json.WriteStartObject("given_by");
        json.WriteString("type", Kebab(e.GivenBy.ToString()));
        if (e.GivenBy == ConsentGiverKind.Representative)
        {
            WriteNullable(json, "id", e.RepresentativeId);
            json.WriteString("relationship", Kebab(e.Relationship.ToString()));
            json.WriteBoolean("minor_also_agreed", e.MinorAlsoAgreed);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("consent_state", e.Kind == ConsentEventKind.Granted ? "given" : "withdrawn");
        WriteNullable(json, "expiry", e.ExpiresAt is { } expires ? Format(expires) : null);
        WriteNullable(json, "subject_adult_from", e.SubjectAdultFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartObject("evidence");
        WriteNullable(json, "ip_address", e.EvidenceIpAddress);
        WriteNullable(json, "user_agent", e.EvidenceUserAgent);
        json.WriteEndObject();
        json.WriteStartObject("ledger");
        json.WriteNumber("position", e.Sequence);
        json.WriteString("previous_hash", e.PreviousHash);
        json.WriteString("hash", e.Hash);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    internal static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    internal static string Kebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
