using System.CommandLine;
using System.Globalization;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// <c>hrplus evidence verify | export</c>: an auditor's verification of the consent ledger and the audit trail
/// (<see cref="EvidenceVerifier"/>: every checkpoint's signature, their consistency, the logs against them) and the export
/// of a log (<see cref="LogExport"/>) for a verification elsewhere.
/// </summary>
/// <remarks>Exit codes of verify: 0 intact; 1 a break (the first one is reported); 6 a folder or file is missing; 7 a malformed checkpoint, key or export file.</remarks>
internal static class EvidenceCommands
{
    private static readonly HashChainedLog[] Logs = [HashChainedLog.ConsentLedger, HashChainedLog.AuditTrail];

    public static Command Create(ToolEnvironment environment)
    {
        var evidence = new Command("evidence", "The consent ledger and the audit trail: verify them against their signed checkpoints, export them.");

        var checkpoints = new Option<string?>("--checkpoints") { Description = "A folder of checkpoint files (consent-ledger.sth, audit-trail.sth), e.g. a copy kept off the server; default: the app's own checkpoint sink." };
        var publicKeys = new Option<string?>("--public-keys") { Description = "The published checkpoint public keys (the JSON of GET {prefix}/evidence/keys); default: the app's own." };
        var exportFile = new Option<string?>("--export") { Description = "Verify this export file (hrplus evidence export) instead of the app's stores; needs --checkpoints and --public-keys, never loads the app." };
        var verify = new Command("verify", "Verifies every checkpoint's signature, their consistency, and each log against every checkpoint; reports the first break.") { checkpoints, publicKeys, exportFile };
        CommandRunner.SetAction(verify, environment, (c, ct) => VerifyAsync(c, c.Parse.GetValue(checkpoints), c.Parse.GetValue(publicKeys), c.Parse.GetValue(exportFile), ct));
        evidence.Add(verify);

        var log = new Argument<string>("log") { Description = "consent-ledger or audit-trail." };
        log.AcceptOnlyFromAmong("consent-ledger", "audit-trail");
        var file = new Argument<string>("file") { Description = "The file to write (format hrplus-log-export/1; not overwritten)." };
        var export = new Command("export", "Writes one log's entries (positions and hashes, ids only, nothing decrypted) to a file an auditor verifies offline.") { log, file };
        CommandRunner.SetAction(export, environment, (c, ct) => ExportAsync(c, c.Parse.GetValue(log)!, c.Parse.GetValue(file)!, ct));
        evidence.Add(export);
        return evidence;
    }

    private static async Task<int> VerifyAsync(CommandContext context, string? checkpointFolder, string? publicKeys, string? exportFile, CancellationToken cancellationToken)
    {
        if (checkpointFolder is not null && !Directory.Exists(checkpointFolder))
        {
            throw new ToolException(ExitCodes.NotFound, $"The checkpoint folder '{Path.GetFullPath(checkpointFolder)}' does not exist.");
        }

        var results = new List<EvidenceVerificationResult>();
        if (exportFile is not null)
        {
            if (checkpointFolder is null || publicKeys is null)
            {
                throw new ToolException(ExitCodes.Usage, "--export verifies offline: give the checkpoint files (--checkpoints) and the published keys (--public-keys) too.");
            }

            var keys = PublicKeyFile.Read(publicKeys);
            var path = Path.GetFullPath(exportFile);
            if (!File.Exists(path))
            {
                throw new ToolException(ExitCodes.NotFound, $"The export '{path}' does not exist.");
            }

            try
            {
                HashChainedLog log;
                await using (var header = File.OpenRead(path))
                {
                    log = await LogExport.ReadLogAsync(header, cancellationToken).ConfigureAwait(false);
                }

                var heads = ReadCheckpointFile(checkpointFolder, log);
                results.Add(await context.Output.ProgressAsync($"{NameOf(log)}: verifying", async _ =>
                {
                    await using var stream = File.OpenRead(path);
                    return await EvidenceVerifier.VerifyExportAsync(stream, heads, keys, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false));
            }
            catch (LogExportException ex)
            {
                throw new ToolException(ExitCodes.BadInput, $"The export '{Path.GetFileName(path)}' is refused: {ex.Reason} at line {ex.LineNumber}.");
            }
        }
        else
        {
            var keys = publicKeys is null ? null : PublicKeyFile.Read(publicKeys);
            var host = await context.HostAsync().ConfigureAwait(false);
            keys ??= await host.Services.GetRequiredService<IHashChainCheckpoints>().GetPublicKeysAsync(cancellationToken).ConfigureAwait(false);
            await using var scope = host.Services.CreateAsyncScope();
            foreach (var log in Logs)
            {
                var heads = checkpointFolder is not null
                    ? ReadCheckpointFile(checkpointFolder, log)
                    : await host.Services.GetRequiredService<ISignedTreeHeadSink>().ReadAllAsync(log, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
                results.Add(await context.Output.ProgressAsync($"{NameOf(log)}: verifying", async _ => log == HashChainedLog.ConsentLedger
                    ? await EvidenceVerifier.VerifyConsentLedgerAsync(scope.ServiceProvider.GetRequiredService<IConsentLedgerStore>().ReadAllAsync(cancellationToken), heads, keys, cancellationToken).ConfigureAwait(false)
                    : await EvidenceVerifier.VerifyAuditTrailAsync(scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAllAsync(cancellationToken), heads, keys, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
            }
        }

        var intact = results.TrueForAll(r => r.IsIntact);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("intact", intact);
            json.WriteStartArray("logs");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("log", NameOf(result.Log));
                json.WriteBoolean("intact", result.IsIntact);
                json.WriteNumber("entries", result.EntryCount);
                json.WriteNumber("checkpoints", result.CheckpointCount);
                json.WriteNumber("vouchedUpTo", result.VouchedUpTo);
                json.WriteString("break", result.Break.ToString());
                WriteNullable(json, "checkpointIndex", result.CheckpointIndex);
                WriteNullable(json, "checkpointTreeSize", result.Checkpoint?.TreeSize);
                WriteNullable(json, "firstBrokenPosition", result.FirstBrokenPosition);
                json.WriteBoolean("positionExact", result.IsPositionExact);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        var table = new Table().AddColumns("Log", "Entries", "Checkpoints", "Intact", "Break", "At checkpoint", "Position");
        foreach (var result in results)
        {
            var position = result.FirstBrokenPosition is not { } p ? string.Empty
                : result.IsPositionExact ? Invariant(p) : $"{Invariant(p)}..{Invariant(result.Checkpoint!.TreeSize)}";
            table.AddRow(
                NameOf(result.Log), Invariant(result.EntryCount), Invariant(result.CheckpointCount), result.IsIntact ? "yes" : "NO", result.Break.ToString(),
                result.CheckpointIndex is { } index ? $"#{Invariant(index)} (size {Invariant(result.Checkpoint!.TreeSize)})" : string.Empty, position);
        }

        context.Output.Table(table);
        foreach (var result in results.Where(r => !r.IsIntact))
        {
            context.Output.Line(result.ToString());
        }

        context.Output.Line(intact
            ? "Every checkpoint verifies and the logs extend them."
            : "A log is broken: keep the database and the checkpoint files as they are, and investigate.");
        return intact ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static IReadOnlyList<SignedTreeHead> ReadCheckpointFile(string folder, HashChainedLog log)
    {
        var path = Path.Combine(Path.GetFullPath(folder), NameOf(log) + ".sth");
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return SignedTreeHead.ParseLines(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new ToolException(ExitCodes.BadInput, $"The checkpoint file '{path}' is refused: {ex.Message}");
        }
    }

    private static async Task<int> ExportAsync(CommandContext context, string name, string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            throw new ToolException(ExitCodes.Refused, $"'{path}' exists already: the tool does not overwrite an export.");
        }

        var host = await context.HostAsync().ConfigureAwait(false);
        await using var scope = host.Services.CreateAsyncScope();
        long count;
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            count = await context.Output.ProgressAsync($"{name}: exporting", async _ => name == "consent-ledger"
                ? await LogExport.WriteConsentLedgerAsync(stream, scope.ServiceProvider.GetRequiredService<IConsentLedgerStore>().ReadAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false)
                : await LogExport.WriteAuditTrailAsync(stream, scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("log", name);
            json.WriteString("file", path);
            json.WriteString("format", LogExport.FormatVersion);
            json.WriteNumber("entries", count);
            json.WriteEndObject();
        });
        context.Output.Line($"Exported {count} entries of the {name} to {path} ({LogExport.FormatVersion}).");
        return ExitCodes.Success;
    }

    private static void WriteNullable(System.Text.Json.Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string NameOf(HashChainedLog log) => log == HashChainedLog.ConsentLedger ? "consent-ledger" : "audit-trail";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
