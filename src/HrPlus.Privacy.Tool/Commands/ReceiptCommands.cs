using System.CommandLine;
using System.Text.Json;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// <c>hrplus receipt verify FILE [--public-keys FILE]</c>: checks a consent receipt offline, with nothing but the file and
/// published public keys; it never loads the host.
/// </summary>
/// <remarks>
/// The receipt is read strictly (shape, ids, hash formats). An offline proof needs the receipt's inclusion proof and a
/// signed tree head, which this SDK version does not put into receipts yet: such a receipt is reported as
/// <c>NoInclusionProof</c> (exit code 1), never as verified.
/// </remarks>
internal static class ReceiptCommands
{
    /// <summary>The largest receipt read.</summary>
    public const int MaxBytes = 1 << 20;

    public static Command Create(ToolEnvironment environment)
    {
        var receipt = new Command("receipt", "Consent receipts (ISO/IEC TS 27560 shaped JSON), checked offline.");
        var file = new Argument<string>("file") { Description = "The receipt (JSON)." };
        var publicKeys = new Option<string?>("--public-keys") { Description = "The published checkpoint public keys." };
        var verify = new Command("verify", "Checks a receipt offline: its form, and its inclusion proof against the published keys.") { file, publicKeys };
        CommandRunner.SetAction(verify, environment, (c, ct) => Task.FromResult(Verify(c, c.Parse.GetValue(file)!, c.Parse.GetValue(publicKeys))));
        receipt.Add(verify);
        return receipt;
    }

    private static int Verify(CommandContext context, string file, string? publicKeys)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.NotFound, $"The receipt '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ToolException(ExitCodes.BadInput, $"The receipt '{path}' is larger than {MaxBytes} bytes.");
        }

        var keys = publicKeys is null ? null : PublicKeyFile.Read(publicKeys);
        var receipt = ReceiptFile.Parse(File.ReadAllBytes(path), Path.GetFileName(path));
        var status = receipt.HasInclusionProof ? "UnsupportedProof" : "NoInclusionProof";
        var reason = receipt.HasInclusionProof
            ? "The receipt carries an inclusion proof, which this tool version cannot check yet."
            : "The receipt carries no inclusion proof: it can be checked only against the operator's database (hrplus evidence verify).";
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteString("receiptId", receipt.ReceiptId);
            json.WriteNumber("ledgerPosition", receipt.Position);
            json.WriteString("hash", receipt.Hash);
            json.WriteBoolean("verified", false);
            json.WriteString("status", status);
            json.WriteNumber("publicKeys", keys?.Count ?? 0);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        });
        context.Output.Line($"Receipt {receipt.ReceiptId} (ledger position {receipt.Position}, hash {receipt.Hash}): NOT verified. {reason}");
        return ExitCodes.Failed;
    }
}

/// <summary>The parts of a consent receipt that an offline check reads.</summary>
internal sealed record ReceiptFile(string ReceiptId, long Position, string PreviousHash, string Hash, bool HasInclusionProof)
{
    public static ReceiptFile Parse(byte[] utf8, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw Bad(name, "is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(name, "is not a JSON object");
            }

            if (!root.TryGetProperty("receipt_id", out var id) || id.ValueKind != JsonValueKind.String || !Guid.TryParseExact(id.GetString(), "D", out var receiptId))
            {
                throw Bad(name, "has no receipt_id GUID");
            }

            if (!root.TryGetProperty("ledger", out var ledger) || ledger.ValueKind != JsonValueKind.Object
                || !ledger.TryGetProperty("position", out var position) || position.ValueKind != JsonValueKind.Number || !position.TryGetInt64(out var sequence) || sequence < 1
                || !ledger.TryGetProperty("previous_hash", out var previous) || !IsHash(previous)
                || !ledger.TryGetProperty("hash", out var hash) || !IsHash(hash))
            {
                throw Bad(name, "has no ledger object with a position (1 or more) and 64-hex-digit previous_hash and hash");
            }

            return new ReceiptFile(receiptId.ToString("D"), sequence, previous.GetString()!, hash.GetString()!, root.TryGetProperty("inclusion_proof", out _));
        }
    }

    private static bool IsHash(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: 64 } text && text.All(char.IsAsciiHexDigit);

    private static ToolException Bad(string name, string what) => new(ExitCodes.BadInput, $"The receipt '{name}' {what}.");
}
