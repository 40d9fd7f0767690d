using System.Text.Json;
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
    IOptions<PrivacyOptions> options,
    Audit.EvidenceProofs? proofs = null) : ISubjectDataExport
{
    /// <summary>The purpose of the export's audit entry: the subject's right of access to their data (Law 94-V Art. 24).</summary>
    public const string AuditPurpose = "subject-access";

    /// <summary>The schema identifier written as <c>schema</c>.</summary>
    public const string Schema = "hrplus-subject-export/1";

    /// <summary>The most access-log records an export lists (newest first).</summary>
    public const int MaxAccessRecords = 10_000;

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

        // The same receipts GET consents/receipts/{id} gives: with the checkpoint that covers each event and its proof.
        var receipts = new List<ConsentReceipt>(history.Count);
        foreach (var e in history)
        {
            consentOptions.Purposes.TryGet(e.Purpose, out var purpose);
            var evidence = proofs is null ? null : await proofs.ForConsentEventAsync(e.Sequence, cancellationToken).ConfigureAwait(false);
            receipts.Add(new ConsentReceipt(e, purpose, evidence));
        }

        var document = DocumentJson.Write(json => WriteDocument(json, new Contents(
            subjectId, now, consentOptions, sources, receipts, accepted, blockHistory, accessRecords, transfers, processing)));

        await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Export, Actor = exportedBy, SubjectId = subjectId, Purpose = AuditPurpose, Target = "subject-export" }, cancellationToken)
            .ConfigureAwait(false);
        return document;
    }

    private static void WriteDocument(Utf8JsonWriter json, Contents c)
    {
        json.WriteStartObject();
        json.WriteString("schema", Schema);
        json.WriteString("subject_id", c.SubjectId);
        json.WriteString("generated_at", DocumentJson.Instant(c.GeneratedAt));
        json.WriteStartObject("operator");
        DocumentJson.WriteNullable(json, "name", c.Consent.OperatorName);
        DocumentJson.WriteNullable(json, "bin", c.Consent.OperatorBin);
        json.WriteEndObject();

        json.WriteStartObject("data");
        foreach (var (name, records) in c.Sources)
        {
            json.WriteStartArray(name);
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("type", record.Type);
                DocumentJson.WriteNullable(json, "id", record.Id);
                json.WriteStartObject("fields");
                foreach (var (field, value) in record.Fields)
                {
                    DocumentJson.WriteNullable(json, field, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();

        json.WriteStartArray("consents");
        foreach (var receipt in c.Receipts)
        {
            receipt.Write(json);
        }

        json.WriteEndArray();

        json.WriteStartArray("policy_versions_accepted");
        foreach (var (policy, language, hash) in c.Accepted)
        {
            json.WriteStartObject();
            json.WriteNumber("version", policy.Version);
            json.WriteString("effective_from", DocumentJson.Instant(policy.EffectiveFrom));
            json.WriteString("change_kind", DocumentJson.Kebab(policy.ChangeKind));
            json.WriteString("language", language);
            json.WriteString("text_hash", hash);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("blocks");
        foreach (var block in c.Blocks)
        {
            json.WriteStartObject();
            json.WriteString("blocked_at", DocumentJson.Instant(block.BlockedAt));
            json.WriteString("requester", DocumentJson.Kebab(block.Requester));
            json.WriteString("reason", block.Reason);
            DocumentJson.WriteNullable(json, "unblocked_at", block.UnblockedAt is { } ended ? DocumentJson.Instant(ended) : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("access_log");
        foreach (var record in c.AccessRecords)
        {
            json.WriteStartObject();
            json.WriteString("time", DocumentJson.Instant(record.Timestamp));
            json.WriteString("method", record.Method);
            json.WriteString("path", record.Path);
            DocumentJson.WriteNullable(json, "client_ip", record.ClientIp);
            DocumentJson.WriteNullable(json, "referer", record.Referer);
            DocumentJson.WriteNullable(json, "user_agent", record.UserAgent);
            json.WriteNumber("status", record.StatusCode);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("disclosures");
        foreach (var disclosure in c.Disclosures)
        {
            json.WriteStartObject();
            json.WriteString("disclosed_at", DocumentJson.Instant(disclosure.DisclosedAt));
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
        foreach (var entry in c.Processing)
        {
            json.WriteStartObject();
            json.WriteString("time", DocumentJson.Instant(entry.OccurredAt));
            json.WriteString("operation", DocumentJson.Kebab(entry.Operation));
            json.WriteString("actor", entry.Actor);
            DocumentJson.WriteNullable(json, "purpose", entry.Purpose);
            DocumentJson.WriteNullable(json, "target", entry.Target);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private sealed record Contents(
        string SubjectId,
        DateTimeOffset GeneratedAt,
        ConsentOptions Consent,
        List<(string Name, IReadOnlyList<PersonalDataRecord> Records)> Sources,
        IReadOnlyList<ConsentReceipt> Receipts,
        List<(PolicyVersion Version, string Language, string Hash)> Accepted,
        IReadOnlyList<SubjectBlock> Blocks,
        IReadOnlyList<AccessRecord> AccessRecords,
        IReadOnlyList<Disclosure> Disclosures,
        IReadOnlyList<AuditEntry> Processing);
}
