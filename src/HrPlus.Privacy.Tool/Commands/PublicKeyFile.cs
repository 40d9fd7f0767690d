using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>
/// A file of published checkpoint public keys: the JSON that <c>GET {prefix}/evidence/keys</c> serves
/// (<c>{"keys":[{"key_id","algorithm":"Ed25519","public_key","valid_from","valid_to"}]}</c>). Read strictly through
/// <see cref="CheckpointPublicKey.ParseSet"/> (it comes from outside); an empty set is refused too.
/// </summary>
internal static class PublicKeyFile
{
    /// <summary>The largest file read (a key is about 200 bytes).</summary>
    public const int MaxBytes = 1 << 20;

    public static IReadOnlyList<CheckpointPublicKey> Read(string path)
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

        return Parse(File.ReadAllText(full), Path.GetFileName(full));
    }

    public static IReadOnlyList<CheckpointPublicKey> Parse(string json, string name)
    {
        IReadOnlyList<CheckpointPublicKey> keys;
        try
        {
            keys = CheckpointPublicKey.ParseSet(json);
        }
        catch (FormatException)
        {
            throw new ToolException(ExitCodes.BadInput, $"The public key file '{name}' is not a checkpoint key set (the JSON of GET {{prefix}}/evidence/keys).");
        }

        return keys.Count == 0 ? throw new ToolException(ExitCodes.BadInput, $"The public key file '{name}' lists no keys.") : keys;
    }
}
