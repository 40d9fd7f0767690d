using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>Gathers everything held about a subject into one JSON document.</summary>
internal sealed class SubjectDataExport(
    IServiceScopeFactory scopes,
    IConsentLedgerStore ledger,
    IPolicyRegistry policies,
    IBlockStore blocks,
    IAccessLogStore accessLog,
    IDisclosureLog disclosures,
    IPseudonymizer pseudonymizer,
    IAuditTrail audit,
    TimeProvider time,
    IOptions<PrivacyOptions> options) : ISubjectDataExport
{
    /// <summary>The schema identifier written as <c>schema</c>.</summary>
    public const string Schema = "hrplus-subject-export/1";

    /// <summary>The most access-log records an export lists (newest first).</summary>
    public const int MaxAccessRecords = 10_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async ValueTask<string> ExportAsync(string subjectId, string exportedBy, CancellationToken cancellationToken = default)
    {
        SubjectIds.Validate(subjectId, nameof(subjectId));
        SubjectIds.Validate(exportedBy, nameof(exportedBy));
        var now = time.GetUtcNow();
        var consentOptions = options.Value.Consent;

        var sources = new List<(string Name, IReadOnlyList<PersonalDataRecord> Records)>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            foreach (var source in scope.ServiceProvider.GetServices<IPersonalDataSource>())
            {
                sources.Add((source.Name, await source.ExportAsync(subjectId, cancellationToken).ConfigureAwait(false)));
            }
        }

        var history = await ledger.GetHistoryAsync(subjectId, cancellationToken).ConfigureAwait(false);
        var accepted = new List<(PolicyVersion Version, string Language, string Hash)>();
        foreach (var (version, language, hash) in history.Where(e => e.Kind == ConsentEventKind.Granted)
            .Select(e => (e.PolicyVersion, e.Language, e.PolicyTextHash)).Distinct().OrderBy(v => v.PolicyVersion).ThenBy(v => v.Language, StringComparer.Ordinal))
        {
            if (await policies.GetVersionAsync(version, cancellationToken).ConfigureAwait(false) is { } policy)
            {
                accepted.Add((policy, language, hash));
            }
        }

        var blockHistory = await blocks.GetBySubjectAsync(subjectId, cancellationToken).ConfigureAwait(false);
        var accessRecords = await accessLog.QueryBySubjectAsync(
            pseudonymizer.Pseudonymize(subjectId, AccessRecord.SubjectPseudonymDomain), MaxAccessRecords, cancellationToken).ConfigureAwait(false);
        var transfers = await disclosures.GetBySubjectAsync(subjectId, cancellationToken).ConfigureAwait(false);
        var processing = await audit.GetBySubjectAsync(subjectId, cancellationToken).ConfigureAwait(false);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("subject_id", subjectId);
            json.WriteString("generated_at", ConsentReceipt.Format(now));
            json.WriteStartObject("operator");
            WriteNullable(json, "name", consentOptions.OperatorName);
            WriteNullable(json, "bin", consentOptions.OperatorBin);
            json.WriteEndObject();

            json.WriteStartObject("data");
            foreach (var (name, records) in sources)
            {
                json.WriteStartArray(name);
                foreach (var record in records)
                {
                    json.WriteStartObject();
                    json.WriteString("type", record.Type);
                    WriteNullable(json, "id", record.Id);
                    json.WriteStartObject("fields");
                    foreach (var (field, value) in record.Fields)
                    {
                        WriteNullable(json, field, value);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();

            json.WriteStartArray("consents");
            foreach (var e in history)
            {
                consentOptions.Purposes.TryGet(e.Purpose, out var purpose);
                new ConsentReceipt(e, purpose).Write(json);
            }

            json.WriteEndArray();

            json.WriteStartArray("policy_versions_accepted");
            foreach (var (policy, language, hash) in accepted)
            {
                json.WriteStartObject();
                json.WriteNumber("version", policy.Version);
                json.WriteString("effective_from", ConsentReceipt.Format(policy.EffectiveFrom));
                json.WriteString("change_kind", ConsentReceipt.Kebab(policy.ChangeKind.ToString()));
                json.WriteString("language", language);
                json.WriteString("text_hash", hash);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("blocks");
            foreach (var block in blockHistory)
            {
                json.WriteStartObject();
                json.WriteString("blocked_at", ConsentReceipt.Format(block.BlockedAt));
                json.WriteString("requester", ConsentReceipt.Kebab(block.Requester.ToString()));
                json.WriteString("reason", block.Reason);
                WriteNullable(json, "unblocked_at", block.UnblockedAt is { } ended ? ConsentReceipt.Format(ended) : null);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("access_log");
            foreach (var record in accessRecords)
            {
                json.WriteStartObject();
                json.WriteString("time", ConsentReceipt.Format(record.Timestamp));
                json.WriteString("method", record.Method);
                json.WriteString("path", record.Path);
                WriteNullable(json, "client_ip", record.ClientIp);
                WriteNullable(json, "referer", record.Referer);
                WriteNullable(json, "user_agent", record.UserAgent);
                json.WriteNumber("status", record.StatusCode);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("disclosures");
            foreach (var disclosure in transfers)
            {
                json.WriteStartObject();
                json.WriteString("disclosed_at", ConsentReceipt.Format(disclosure.DisclosedAt));
                json.WriteString("recipient", disclosure.Recipient);
                json.WriteString("legal_basis", disclosure.LegalBasis);
                json.WriteStartArray("data_categories");
                foreach (var category in disclosure.DataCategories)
                {
                    json.WriteStringValue(category);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("processing");
            foreach (var entry in processing)
            {
                json.WriteStartObject();
                json.WriteString("time", ConsentReceipt.Format(entry.OccurredAt));
                json.WriteString("operation", ConsentReceipt.Kebab(entry.Operation.ToString()));
                json.WriteString("actor", entry.Actor);
                WriteNullable(json, "purpose", entry.Purpose);
                WriteNullable(json, "target", entry.Target);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var document = Encoding.UTF8.GetString(stream.ToArray());
        await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Export, Actor = exportedBy, SubjectId = subjectId, Target = "subject-export" }, cancellationToken)
            .ConfigureAwait(false);
        return document;
    }

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
}
