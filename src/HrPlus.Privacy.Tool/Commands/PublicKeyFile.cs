using System.Text.Json;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// A file of published checkpoint public keys: <c>{"keys":[{"id":"…","algorithm":"Ed25519","publicKey":"&lt;base64&gt;"}]}</c>.
/// Read strictly (it comes from outside): unknown algorithms, bad base64, wrong key lengths and duplicates are refused.
/// </summary>
internal static class PublicKeyFile
{
    /// <summary>The largest file read (a key list is a few hundred bytes a key).</summary>
    public const int MaxBytes = 1 << 20;

    public static IReadOnlyList<PublishedKey> Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ToolException(ExitCodes.NotFound, $"The public key file '{full}' does not exist.");
        }

        if (new FileInfo(full).Length > MaxBytes)
        {
            throw new ToolException(ExitCodes.BadInput, $"The public key file '{full}' is larger than {MaxBytes} bytes.");
        }

        return Parse(File.ReadAllBytes(full), Path.GetFileName(full));
    }

    public static IReadOnlyList<PublishedKey> Parse(ReadOnlySpan<byte> utf8, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            throw Bad(name, "is not JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw Bad(name, "has no \"keys\" array");
            }

            var result = new List<PublishedKey>();
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object
                    || !key.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= 64 } keyId
                    || !key.TryGetProperty("algorithm", out var algorithm) || algorithm.ValueKind != JsonValueKind.String
                    || !key.TryGetProperty("publicKey", out var publicKey) || publicKey.ValueKind != JsonValueKind.String)
                {
                    throw Bad(name, "has a key without a string id (1 to 64 characters), algorithm and publicKey");
                }

                if (algorithm.GetString() != "Ed25519")
                {
                    throw Bad(name, $"names the algorithm of key {result.Count + 1} other than Ed25519");
                }

                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(publicKey.GetString()!);
                }
                catch (FormatException)
                {
                    throw Bad(name, $"has a publicKey of key {result.Count + 1} that is not base64");
                }

                if (bytes.Length != 32)
                {
                    throw Bad(name, $"has a publicKey of key {result.Count + 1} that is not 32 bytes");
                }

                if (result.Exists(k => k.Id == keyId))
                {
                    throw Bad(name, $"names key id '{keyId}' twice");
                }

                result.Add(new PublishedKey(keyId, bytes));
            }

            return result.Count == 0 ? throw Bad(name, "lists no keys") : result;
        }
    }

    private static ToolException Bad(string name, string what) => new(ExitCodes.BadInput, $"The public key file '{name}' {what}.");
}

/// <summary>One published Ed25519 checkpoint key.</summary>
internal sealed record PublishedKey(string Id, byte[] PublicKey);
