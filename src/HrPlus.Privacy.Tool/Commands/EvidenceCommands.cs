using System.CommandLine;
using System.Text.Json;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary><c>hrplus evidence verify | export</c>: the hash-chained consent ledger and audit trail.</summary>
internal static class EvidenceCommands
{
    private static readonly (string Name, HashChainedLog Log)[] Logs = [("consent-ledger", HashChainedLog.ConsentLedger), ("audit-trail", HashChainedLog.AuditTrail)];

    public static Command Create(ToolEnvironment environment)
    {
        var evidence = new Command("evidence", "The consent ledger and the audit trail: verify their hash chains against the checkpoints, export them.");

        var checkpoints = new Option<string?>("--checkpoints") { Description = "A folder of checkpoint files (consent-ledger.checkpoints, audit-trail.checkpoints), e.g. a copy kept off the server; default: the app's own checkpoint sink." };
        var publicKeys = new Option<string?>("--public-keys") { Description = "A file of published checkpoint public keys (needs an SDK that signs tree heads)." };
        var verify = new Command("verify", "Verifies both logs link by link and against their latest checkpoints.") { checkpoints, publicKeys };
        CommandRunner.SetAction(verify, environment, (c, ct) => VerifyAsync(c, c.Parse.GetValue(checkpoints), c.Parse.GetValue(publicKeys), ct));
        evidence.Add(verify);

        var log = new Argument<string>("log") { Description = "consent-ledger or audit-trail." };
        log.AcceptOnlyFromAmong("consent-ledger", "audit-trail");
        var file = new Argument<string>("file") { Description = "The JSON file to write (not overwritten)." };
        var export = new Command("export", "Writes one log's entries (hashes included, no plaintext) and its latest checkpoint to a JSON file.") { log, file };
        CommandRunner.SetAction(export, environment, (c, ct) => ExportAsync(c, c.Parse.GetValue(log)!, c.Parse.GetValue(file)!, ct));
        evidence.Add(export);
        return evidence;
    }

    private static async Task<int> VerifyAsync(CommandContext context, string? checkpointFolder, string? publicKeys, CancellationToken cancellationToken)
    {
        if (publicKeys is not null)
        {
            var keys = PublicKeyFile.Read(publicKeys);
            throw new ToolException(
                ExitCodes.Refused,
                $"The public key file lists {keys.Count} keys, but this HrPlus.Privacy version signs checkpoints with an HMAC key, not Ed25519: verify without --public-keys (on the app's services).");
        }

        if (checkpointFolder is not null && !Directory.Exists(checkpointFolder))
        {
            throw new ToolException(ExitCodes.NotFound, $"The checkpoint folder '{Path.GetFullPath(checkpointFolder)}' does not exist.");
        }

        var host = await context.HostAsync().ConfigureAwait(false);
        var checkpoints = host.Services.GetRequiredService<IHashChainCheckpoints>();
        var results = new List<(string Name, ChainCheckpoint? Checkpoint, ChainVerificationResult Result)>();
        foreach (var (name, log) in Logs)
        {
            var result = await context.Output.ProgressAsync($"{name}: verifying", async _ =>
            {
                if (checkpointFolder is null)
                {
                    return ((ChainCheckpoint?)null, await checkpoints.VerifyAgainstLatestAsync(log, cancellationToken).ConfigureAwait(false));
                }

                var checkpoint = await ReadLatestAsync(Path.Combine(checkpointFolder, name + ".checkpoints"), log, cancellationToken).ConfigureAwait(false);
                return (checkpoint, await checkpoints.VerifyAsync(log, checkpoint, cancellationToken).ConfigureAwait(false));
            }).ConfigureAwait(false);
            results.Add((name, result.Item1, result.Item2));
        }

        var intact = results.TrueForAll(r => r.Result.IsIntact);
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("intact", intact);
            json.WriteStartArray("logs");
            foreach (var (name, checkpoint, result) in results)
            {
                json.WriteStartObject();
                json.WriteString("log", name);
                json.WriteBoolean("intact", result.IsIntact);
                json.WriteNumber("entries", result.EntryCount);
                json.WriteString("break", result.Break.ToString());
                if (result.FirstBrokenPosition is { } position)
                {
                    json.WriteNumber("firstBrokenPosition", position);
                }
                else
                {
                    json.WriteNull("firstBrokenPosition");
                }

                json.WriteString("headHash", result.HeadHash);
                if (checkpoint is not null)
                {
                    json.WriteNumber("checkpointSequence", checkpoint.Sequence);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        var table = new Table().AddColumns("Log", "Entries", "Intact", "Break", "First broken position");
        foreach (var (name, _, result) in results)
        {
            table.AddRow(name, $"{result.EntryCount}", result.IsIntact ? "yes" : "NO", result.Break.ToString(), result.FirstBrokenPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        context.Output.Table(table);
        context.Output.Line(intact ? "Both logs are intact." : "A log is broken: keep the database and the checkpoint files as they are, and investigate.");
        return intact ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static async Task<ChainCheckpoint?> ReadLatestAsync(string path, HashChainedLog log, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            try
            {
                var checkpoint = ChainCheckpoint.Parse(lines[i]);
                if (checkpoint.Log == log)
                {
                    return checkpoint;
                }
            }
            catch (FormatException)
            {
                // A partial last line (a write cut off by a crash) or a foreign line: look further back.
            }
        }

        throw new ToolException(ExitCodes.BadInput, $"'{path}' holds no checkpoint of the {log} log.");
    }

    private static async Task<int> ExportAsync(CommandContext context, string name, string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (File.Exists(path))
        {
            throw new ToolException(ExitCodes.Refused, $"'{path}' exists already: the tool does not overwrite an export.");
        }

        var host = await context.HostAsync().ConfigureAwait(false);
        var log = name == "consent-ledger" ? HashChainedLog.ConsentLedger : HashChainedLog.AuditTrail;
        var sink = host.Services.GetRequiredService<IChainCheckpointSink>();
        var checkpoint = await sink.ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
        long count = 0;
        await using var scope = host.Services.CreateAsyncScope();
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("log", name);
            json.WriteString("checkpoint", checkpoint?.ToString());
            json.WriteStartArray("entries");
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
            if (log == HashChainedLog.ConsentLedger)
            {
                await foreach (var e in scope.ServiceProvider.GetRequiredService<IConsentLedgerStore>().ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    JsonSerializer.Serialize(json, e, options);
                    count++;
                }
            }
            else
            {
                await foreach (var e in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    JsonSerializer.Serialize(json, e, options);
                    count++;
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("log", name);
            json.WriteString("file", path);
            json.WriteNumber("entries", count);
            json.WriteString("checkpoint", checkpoint?.ToString());
            json.WriteEndObject();
        });
        context.Output.Line($"Exported {count} entries of the {name} to {path}.");
        return ExitCodes.Success;
    }
}
