using System.CommandLine;
using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// <c>hrplus receipt verify FILE --public-keys FILE</c>: checks a consent receipt offline with
/// <see cref="ConsentReceiptVerifier"/>, with nothing but the receipt and the published public keys; it never loads the host.
/// </summary>
/// <remarks>Exit codes: 0 verified; 1 not verified (pending, altered, bad proof or head); 7 not a receipt or not a key set; 6 a file is missing.</remarks>
internal static class ReceiptCommands
{
    /// <summary>The largest receipt read.</summary>
    public const int MaxBytes = 1 << 20;

    public static Command Create(ToolEnvironment environment)
    {
        var receipt = new Command("receipt", "Consent receipts (ISO/IEC TS 27560 shaped JSON), checked offline.");
        var file = new Argument<string>("file") { Description = "The receipt (JSON, as GET {prefix}/consents/receipts/{id} serves it)." };
        var publicKeys = new Option<string>("--public-keys") { Description = "The published checkpoint public keys: the JSON of GET {prefix}/evidence/keys.", Required = true };
        var verify = new Command("verify", "Checks a receipt offline: the event's hash, the signed tree head under the published keys, and the inclusion proof.") { file, publicKeys };
        CommandRunner.SetAction(verify, environment, (c, ct) => Task.FromResult(Verify(c, c.Parse.GetValue(file)!, c.Parse.GetValue(publicKeys)!)));
        receipt.Add(verify);
        return receipt;
    }

    private static int Verify(CommandContext context, string file, string publicKeys)
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

        var keys = PublicKeyFile.Read(publicKeys);
        var result = ConsentReceiptVerifier.Verify(File.ReadAllText(path), keys);
        if (result.Status == ConsentReceiptVerificationStatus.Malformed)
        {
            throw new ToolException(ExitCodes.BadInput, $"The receipt '{Path.GetFileName(path)}' is not a consent receipt of this SDK (schema, fields or proof form).");
        }

        var reason = result.Status switch
        {
            ConsentReceiptVerificationStatus.Verified => "The event's fields hash to its ledger hash, the tree head is signed by a published key, and the inclusion proof leads to its root.",
            ConsentReceiptVerificationStatus.Pending => "No checkpoint covered the event when the receipt was made: fetch the receipt again after its next checkpoint.",
            ConsentReceiptVerificationStatus.EventAltered => "The event's fields do not hash to its ledger hash: the receipt was altered.",
            ConsentReceiptVerificationStatus.TreeHeadInvalid => "The tree head's signature does not verify under the published keys (or it is not a head of the consent ledger).",
            _ => "The inclusion proof does not lead from the event to the tree head's root.",
        };
        context.Output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("verified", result.IsVerified);
            json.WriteString("status", result.Status.ToString());
            if (result.Position is { } position)
            {
                json.WriteNumber("ledgerPosition", position);
            }
            else
            {
                json.WriteNull("ledgerPosition");
            }

            if (result.TreeHead is { } head)
            {
                json.WriteNumber("treeSize", head.TreeSize);
                json.WriteString("keyId", head.KeyId);
            }

            json.WriteNumber("publicKeys", keys.Count);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        });
        context.Output.Line($"Receipt at ledger position {result.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {(result.IsVerified ? "verified" : "NOT verified")} ({result.Status}). {reason}");
        return result.IsVerified ? ExitCodes.Success : ExitCodes.Failed;
    }
}
