using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NSec.Cryptography;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// A published Ed25519 public key that verifies checkpoints (<see cref="SignedTreeHead"/>): its id, its raw 32 bytes and
/// the time span it signs in. Hand these to an auditor or a parent; they verify, they cannot sign.
/// </summary>
public sealed class CheckpointPublicKey
{
    /// <summary>The only algorithm: <c>Ed25519</c> (RFC 8032).</summary>
    public const string Algorithm = "Ed25519";

    private readonly byte[] _publicKey;

    /// <summary>Makes a public key from its raw 32 bytes and validity.</summary>
    /// <param name="publicKey">The raw Ed25519 public key (RFC 8032 encoding).</param>
    /// <param name="validFrom">The first instant it signs at.</param>
    /// <param name="validTo">The last instant it signs at, or null while it is the current key.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or <paramref name="validTo"/> is before <paramref name="validFrom"/>.</exception>
    public CheckpointPublicKey(ReadOnlySpan<byte> publicKey, DateTimeOffset validFrom, DateTimeOffset? validTo)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }

        if (validTo < validFrom)
        {
            throw new ArgumentException("A key's validity cannot end before it starts.", nameof(validTo));
        }

        _publicKey = publicKey.ToArray();
        KeyId = IdOf(publicKey);
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    /// <summary>Gets the key id: the first 8 bytes of SHA-256 of the raw public key, lower-case hex (so an id cannot be claimed by another key).</summary>
    public string KeyId { get; }

    /// <summary>Gets the first instant it signs at.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>Gets the last instant it signs at, or null while it is current.</summary>
    public DateTimeOffset? ValidTo { get; }

    /// <summary>Gets the raw 32-byte public key (a copy).</summary>
    public byte[] GetPublicKey() => (byte[])_publicKey.Clone();

    /// <summary>Gets whether the key signs at <paramref name="instant"/>.</summary>
    public bool IsValidAt(DateTimeOffset instant) => ValidFrom <= instant && (ValidTo is null || instant <= ValidTo);

    /// <summary>Verifies an Ed25519 signature of <paramref name="message"/> under this key.</summary>
    /// <returns>Whether it verifies; false for a signature of the wrong length.</returns>
    public bool VerifySignature(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }

    /// <summary>Writes the key as a JSON object: <c>key_id</c>, <c>algorithm</c>, <c>public_key</c> (base64url), <c>valid_from</c>, <c>valid_to</c>.</summary>
    public void Write(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("key_id", KeyId);
        json.WriteString("algorithm", Algorithm);
        json.WriteString("public_key", Base64Url.EncodeToString(_publicKey));
        json.WriteString("valid_from", DocumentJson.Instant(ValidFrom));
        DocumentJson.WriteNullable(json, "valid_to", ValidTo is { } to ? DocumentJson.Instant(to) : null);
        json.WriteEndObject();
    }

    /// <summary>Writes a key set as the JSON document <c>{"keys": [...]}</c> that <c>GET {prefix}/evidence/keys</c> serves.</summary>
    public static string ToJson(IEnumerable<CheckpointPublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return DocumentJson.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in keys)
            {
                key.Write(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Reads a key set written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">Not such a document, or a key whose id does not match its bytes.</exception>
    public static IReadOnlyList<CheckpointPublicKey> ParseSet(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var keys = new List<CheckpointPublicKey>();
            foreach (var item in document.RootElement.GetProperty("keys").EnumerateArray())
            {
                keys.Add(FromJson(item));
            }

            return keys;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException("Not a checkpoint key set: expected {\"keys\": [{\"key_id\", \"algorithm\": \"Ed25519\", \"public_key\", \"valid_from\", \"valid_to\"}]}.", ex);
        }
    }

    internal static string IdOf(ReadOnlySpan<byte> publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey).AsSpan(0, 8));

    private static CheckpointPublicKey FromJson(JsonElement item)
    {
        if (item.GetProperty("algorithm").GetString() != Algorithm)
        {
            throw new FormatException("Unknown algorithm.");
        }

        var raw = Base64Url.DecodeFromChars(item.GetProperty("public_key").GetString() ?? string.Empty);
        var to = item.GetProperty("valid_to");
        var key = new CheckpointPublicKey(
            raw,
            DateTimeOffset.Parse(item.GetProperty("valid_from").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            to.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(to.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        if (item.GetProperty("key_id").GetString() != key.KeyId)
        {
            throw new FormatException("The key id does not match the key.");
        }

        return key;
    }
}
