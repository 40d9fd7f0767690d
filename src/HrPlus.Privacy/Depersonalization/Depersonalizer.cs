using System.Globalization;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy.Depersonalization;

/// <summary>
/// Runs depersonalization and records it. The audit trail, disclosure log and pseudonymizer are resolved on first use, so
/// an app without stores can register the SDK and fail only when it really runs a release.
/// </summary>
internal sealed class Depersonalizer(IServiceProvider services, ILogger logger) : IDepersonalizer
{
    private const int MaxSubjectsPerDisclosure = 10_000;
    private const int MaxDetailLength = 1000;
    private const string DefaultCategory = "depersonalized-report";

    public async ValueTask<DepersonalizationResult> AnonymizeAsync(
        Dataset data, DatasetSchema schema, AnonymizationOptions options, ReleaseContext release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        Validate(release);
        var (audit, disclosures) = Stores(release);
        var subjectColumn = schema.Columns.FirstOrDefault(c => c.IsSubjectId);
        if (release.Recipient is not null && subjectColumn is null)
        {
            throw MissingSubjects();
        }

        var pseudonymizer = schema.Columns.Any(c => c.Role == ColumnRole.DirectIdentifier && c.Handling == DirectIdentifierHandling.Pseudonymize)
            ? services.GetRequiredService<IPseudonymizer>()
            : null;
        var result = Anonymizer.Run(data, schema, options, pseudonymizer is null ? null : pseudonymizer.Pseudonymize, out var subjects);
        var levels = string.Join(',', result.Levels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}:{l.Value}")));
        Log.Depersonalized(logger, result.InputRowCount, release.Purpose, result.Rows.Count, result.SuppressedRowCount, levels, result.NodesEvaluated, result.LatticeSize);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"microdata; rows={result.InputRowCount}; released={result.Rows.Count}; suppressed={result.SuppressedRowCount}; models={string.Join(' ', result.ModelsMet)}; levels={levels}; discernibility={result.Discernibility}");
        await RecordAsync(audit, disclosures, release, detail, subjects, cancellationToken).ConfigureAwait(false);
        Log.ReleaseRisk(logger, release.ReportName, result.Risk.ProsecutorMaxRisk, result.Risk.ProsecutorMeanRisk, result.Risk.RecordsAtRisk, result.Risk.Threshold, result.SuppressedValueCount);
        return result;
    }

    public async ValueTask<AggregateReport> AggregateAsync(Dataset data, AggregateRequest request, ReleaseContext release, CancellationToken cancellationToken = default)
    {
        Validate(release);
        var (audit, disclosures) = Stores(release);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        var subjectColumn = request.SubjectColumn is null ? -1 : data.IndexOf(request.SubjectColumn);
        if (release.Recipient is not null && subjectColumn < 0)
        {
            throw MissingSubjects();
        }

        var report = Aggregator.Run(data, request);
        var cells = (report.RowLabels.Count + 1) * (report.ColumnLabels.Count + 1);
        Log.Aggregated(logger, data.RowCount, release.Purpose, cells, report.PrimarySuppressed, report.ComplementarySuppressed);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"table {request.RowColumn} x {request.ColumnColumn ?? AggregateRequest.AllLabel}; rows={data.RowCount}; cells={cells}; k={request.K}; primary={report.PrimarySuppressed}; complementary={report.ComplementarySuppressed}");
        var subjects = subjectColumn < 0 ? [] : data.Rows.Select(r => r[subjectColumn]).ToArray();
        await RecordAsync(audit, disclosures, release, detail, subjects, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private (IAuditTrail Audit, IDisclosureLog? Disclosures) Stores(ReleaseContext release) =>
        (services.GetRequiredService<IAuditTrail>(), release.Recipient is null ? null : services.GetRequiredService<IDisclosureLog>());

    /// <summary>
    /// Records a release all or nothing: every check the disclosure log and the audit trail would make runs first, then the
    /// disclosures (with their Transfer entries) and the Export entry naming them are written.
    /// </summary>
    /// <remarks>
    /// Where the stores keep their tables in one database (<see cref="IStoreTransactions"/>: the EF Core stores of one
    /// context), all of it is one transaction: a write that fails, or a cancellation, leaves nothing. Otherwise the order is
    /// what keeps the record honest: a disclosure that fails leaves no Export entry; an Export entry always names disclosures
    /// that exist; and the Export entry is not cancelled once a disclosure is written, so a cancelled run cannot leave a
    /// disclosure without it.
    /// </remarks>
    private async ValueTask RecordAsync(
        IAuditTrail audit, IDisclosureLog? disclosures, ReleaseContext release, string detail, IReadOnlyList<string> subjects, CancellationToken cancellationToken)
    {
        var requests = disclosures is null
            ? []
            : subjects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(DisclosureLog.MaxSubjects)
                .Select(chunk => new DisclosureRequest
                {
                    Recipient = release.Recipient!,
                    LegalBasis = release.LegalBasis!,
                    DataCategories = release.DataCategories ?? [DefaultCategory],
                    Subjects = chunk,
                    AuthorizedBy = release.Actor,
                })
                .ToArray();
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        foreach (var request in requests)
        {
            DisclosureLog.Validate(request, now);
        }

        var transactions = requests.Length == 0 ? null : services.GetService<IStoreTransactions>();
        if (transactions is not null && audit is AuditTrail trail && disclosures is DisclosureLog log && transactions.Covers(trail.Store, log.Store))
        {
            await transactions.RunAsync(
                async (auditStore, disclosureStore, ct) =>
                {
                    var bound = trail.WithStore(auditStore);
                    await WriteAsync(bound, log.WithStores(disclosureStore, bound), release, detail, requests, exportCancellable: true, ct).ConfigureAwait(false);
                    return requests.Length;
                },
                cancellationToken).ConfigureAwait(false);
            Log.ReleaseRecorded(logger, release.ReportName, requests.Length, "one transaction");
        }
        else
        {
            await WriteAsync(audit, disclosures, release, detail, requests, exportCancellable: requests.Length == 0, cancellationToken).ConfigureAwait(false);
            Log.ReleaseRecorded(logger, release.ReportName, requests.Length, requests.Length == 0 ? "no disclosure" : "disclosures first, then the Export entry");
        }

        if (requests.Length > 0)
        {
            Log.DepersonalizedDisclosed(logger, release.ReportName, requests.Sum(r => r.Subjects.Count));
        }
    }

    /// <summary>Writes the disclosures, then the Export entry naming them.</summary>
    private static async Task WriteAsync(
        IAuditTrail audit, IDisclosureLog? disclosures, ReleaseContext release, string detail, DisclosureRequest[] requests, bool exportCancellable, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>(requests.Length);
        foreach (var request in requests)
        {
            ids.Add((await disclosures!.RecordAsync(request, cancellationToken).ConfigureAwait(false)).Id);
        }

        var tail = release.Recipient is null ? string.Empty : "; recipient=" + release.Recipient;
        if (ids.Count > 0)
        {
            tail += "; disclosures=" + (ids.Count <= 3
                ? string.Join(',', ids.Select(id => id.ToString("D")))
                : string.Create(CultureInfo.InvariantCulture, $"{ids.Count} from {ids[0]:D} to {ids[^1]:D}"));
        }

        await audit.AppendAsync(
            new AuditEvent
            {
                Operation = AuditOperation.Export,
                Actor = release.Actor,
                Purpose = release.Purpose,
                Target = "depersonalized:" + release.ReportName,
                Detail = Detail(detail, tail),
            },
            exportCancellable ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The audit detail: control characters (a column name may hold one) become '?', and the run's part is shortened so the recipient and disclosures always fit.</summary>
    private static string Detail(string run, string tail)
    {
        var clean = string.Create(run.Length, run, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
        var room = MaxDetailLength - tail.Length;
        return (clean.Length <= room ? clean : clean[..(room - 1)] + "…") + tail;
    }

    private static void Validate(ReleaseContext release)
    {
        ArgumentNullException.ThrowIfNull(release);
        SubjectIds.Validate(release.Actor, nameof(release));
        if (string.IsNullOrWhiteSpace(release.Purpose) || release.Purpose.Length > 64 || release.Purpose.Any(char.IsControl)
            || string.IsNullOrWhiteSpace(release.ReportName) || release.ReportName.Length > 200 || release.ReportName.Any(char.IsControl))
        {
            throw new ArgumentException("A release names a purpose (1 to 64 characters) and a report (1 to 200 characters) without control characters.", nameof(release));
        }

        if (release.Recipient is not null
            && (string.IsNullOrWhiteSpace(release.LegalBasis) || (release.DataCategories is { } categories && (categories.Count == 0 || !categories.All(ConsentPurpose.IsValidCode)))))
        {
            throw new ArgumentException("A release to a recipient states its legal basis, and data categories (when given) are lower-case codes.", nameof(release));
        }

        if (release.Recipient is not null)
        {
            DisclosureLog.CheckText(release.Recipient, DisclosureLog.MaxRecipientLength, nameof(release.Recipient));
            DisclosureLog.CheckText(release.LegalBasis, DisclosureLog.MaxLegalBasisLength, nameof(release.LegalBasis));
        }
    }

    private static DepersonalizationException MissingSubjects() => new(
        DepersonalizationError.MissingSubjectColumn,
        "A release to a recipient is recorded in the disclosure log per subject: mark the subject id column (DirectIdentifier(..., subjectId: true) or AggregateRequest.SubjectColumn).");
}
