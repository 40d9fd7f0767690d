using System.Text.Json;
using System.Text.Json.Serialization;
using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// The export file of a hash-chained log, for an auditor's offline verification (<see cref="EvidenceVerifier"/>): every
/// entry with its position and hashes, nothing decrypted (the logs hold ids, never personal values).
/// </summary>
/// <remarks>
/// <para>Format <c>hrplus-log-export/1</c>, UTF-8, one JSON object per line (<c>\n</c>), stable across versions:</para>
/// <list type="number">
/// <item><description>the header: <c>{"format":"hrplus-log-export/1","log":"consent-ledger"|"audit-trail"}</c>;</description></item>
/// <item><description>one line per entry in position order, the entry's members in snake_case
/// (<see cref="AuditEntry"/>: <c>sequence, entry_id, occurred_at, operation, actor, subject_id, purpose, target, detail,
/// previous_hash, hash</c>; <see cref="ConsentEvent"/> likewise), instants in ISO 8601 with their offset, enums by name;</description></item>
/// <item><description>the end: <c>{"end":"hrplus-log-export/1","entries":N}</c>, so a file cut off is told from a log cut off.</description></item>
/// </list>
/// <para>
/// Readers are strict (the file comes from outside): a line longer than <see cref="MaxLineBytes"/>, a missing, unknown,
/// duplicate, null or ill-typed member, an undefined enum value, a hash that is not 64 lower-case hex digits, a missing or
/// wrong end line are each a <see cref="LogExportException"/> with its <see cref="LogExportError"/> and line.
/// </para>
/// </remarks>
public static class LogExport
{
    /// <summary>The format version, in the header and the end line.</summary>
    public const string FormatVersion = "hrplus-log-export/1";

    /// <summary>The longest line read: 1 MiB.</summary>
    public const int MaxLineBytes = 1 << 20;

    internal static readonly JsonSerializerOptions EntryOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        MaxDepth = 4,
    };

    /// <summary>Writes the audit trail <paramref name="entries"/> (in position order) to <paramref name="destination"/>.</summary>
    /// <returns>How many entries were written.</returns>
    public static Task<long> WriteAuditTrailAsync(Stream destination, IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, HashChainedLog.AuditTrail, entries, cancellationToken);

    /// <summary>Writes the consent ledger <paramref name="entries"/> (in position order) to <paramref name="destination"/>.</summary>
    /// <returns>How many entries were written.</returns>
    public static Task<long> WriteConsentLedgerAsync(Stream destination, IAsyncEnumerable<ConsentEvent> entries, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, HashChainedLog.ConsentLedger, entries, cancellationToken);

    /// <summary>Reads which log an export holds from its header, leaving <paramref name="source"/> wherever it stopped.</summary>
    /// <exception cref="LogExportException">No valid header.</exception>
    public static async ValueTask<HashChainedLog> ReadLogAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return await new LogExportReader(source).ReadHeaderAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an export of the audit trail, checking every line and the end line as it goes.</summary>
    /// <exception cref="LogExportException">The file is malformed, or exports the consent ledger (<see cref="LogExportError.WrongLog"/>).</exception>
    public static async IAsyncEnumerable<AuditEntry> ReadAuditTrailAsync(Stream source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new LogExportReader(source);
        await reader.ReadHeaderAsync(HashChainedLog.AuditTrail, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in reader.ReadEntriesAsync<AuditEntry>(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <summary>Reads an export of the consent ledger, checking every line and the end line as it goes.</summary>
    /// <exception cref="LogExportException">The file is malformed, or exports the audit trail (<see cref="LogExportError.WrongLog"/>).</exception>
    public static async IAsyncEnumerable<ConsentEvent> ReadConsentLedgerAsync(Stream source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new LogExportReader(source);
        await reader.ReadHeaderAsync(HashChainedLog.ConsentLedger, cancellationToken).ConfigureAwait(false);
        await foreach (var entry in reader.ReadEntriesAsync<ConsentEvent>(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    private static async Task<long> WriteAsync<T>(Stream destination, HashChainedLog log, IAsyncEnumerable<T> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(entries);
        var newline = "\n"u8.ToArray();
        long count = 0;
        var json = new Utf8JsonWriter(destination, new JsonWriterOptions { SkipValidation = false });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatVersion);
            json.WriteString("log", ChainCheckpoint.NameOf(log));
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
            await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                json.Reset();
                JsonSerializer.Serialize(json, entry, EntryOptions);
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
                count++;
            }

            json.Reset();
            json.WriteStartObject();
            json.WriteString("end", FormatVersion);
            json.WriteNumber("entries", count);
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
