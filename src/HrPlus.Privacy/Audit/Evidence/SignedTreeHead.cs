using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// A checkpoint of a hash-chained log: "<see cref="Log"/> had <see cref="TreeSize"/> entries whose RFC 9162 Merkle tree
/// has root <see cref="RootHash"/>, at <see cref="Timestamp"/>", signed with Ed25519 under the key <see cref="KeyId"/>.
/// Anyone holding the published public keys verifies it offline (<see cref="Verify"/>); no database, no secret.
/// </summary>
/// <remarks>
/// The text form is one line: <c>hrplus-sth/1 &lt;log&gt; &lt;size&gt; &lt;root hex&gt; &lt;UTC ticks&gt; &lt;key id&gt;
/// &lt;signature base64url&gt;</c>; the signature covers the UTF-8 bytes of the line before its last space.
/// </remarks>
public sealed class SignedTreeHead
{
    /// <summary>The format version, the first field of the text form and of the signed bytes.</summary>
    public const string FormatVersion = "hrplus-sth/1";

    private const int SignatureSize = 64;
    private readonly byte[] _root;
    private readonly byte[] _signature;

    private SignedTreeHead(HashChainedLog log, long treeSize, byte[] root, DateTimeOffset timestamp, string keyId, byte[] signature)
    {
        Log = log;
        TreeSize = treeSize;
        _root = root;
        Timestamp = timestamp;
        KeyId = keyId;
        _signature = signature;
    }

    /// <summary>Gets the log it vouches for.</summary>
    public HashChainedLog Log { get; }

    /// <summary>Gets the number of entries (positions 1 to <see cref="TreeSize"/>).</summary>
    public long TreeSize { get; }

    /// <summary>Gets the Merkle tree root, lower-case hex.</summary>
    public string RootHash => Convert.ToHexStringLower(_root);

    /// <summary>Gets when it was signed (UTC, whole ticks).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the id of the signing key (<see cref="CheckpointPublicKey.KeyId"/>).</summary>
    public string KeyId { get; }

    /// <summary>Gets the root's 32 bytes (a copy).</summary>
    public byte[] GetRootHash() => (byte[])_root.Clone();

    /// <summary>Gets the 64-byte Ed25519 signature (a copy).</summary>
    public byte[] GetSignature() => (byte[])_signature.Clone();

    /// <summary>Writes the one-line text form.</summary>
    public override string ToString() => SignedText() + " " + Base64Url.EncodeToString(_signature);

    /// <summary>
    /// Verifies the signature under the key named by <see cref="KeyId"/> among <paramref name="publicKeys"/>, and that the
    /// key was valid at <see cref="Timestamp"/>.
    /// </summary>
    /// <returns>Whether it verifies; false for an unknown key id, a time outside the key's validity or a bad signature.</returns>
    public static bool Verify(SignedTreeHead head, IEnumerable<CheckpointPublicKey> publicKeys)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(publicKeys);
        var message = Encoding.UTF8.GetBytes(head.SignedText());
        foreach (var key in publicKeys)
        {
            if (key is not null && key.KeyId == head.KeyId && key.IsValidAt(head.Timestamp) && key.VerifySignature(message, head._signature))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the text form written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">Anything else; the message does not repeat the input.</exception>
    public static SignedTreeHead Parse(string text) =>
        TryParse(text, out var head) ? head : throw new FormatException(
            $"Not a signed tree head: expected '{FormatVersion} <consent-ledger|audit-trail> <size> <64 hex> <ticks> <16 hex> <86 base64url>'.");

    /// <summary>
    /// Reads a checkpoint file (<c>consent-ledger.sth</c>, <c>audit-trail.sth</c>): one signed tree head a line, in the
    /// order written. Empty lines are skipped, and so is a last line without its line end (a write cut off by a crash).
    /// </summary>
    /// <returns>The heads, in file order.</returns>
    /// <exception cref="FormatException">Any other line is not a signed tree head (the message names the line, not its text).</exception>
    public static IReadOnlyList<SignedTreeHead> ParseLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var heads = new List<SignedTreeHead>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (TryParse(line, out var head))
            {
                heads.Add(head);
            }
            else if (i < lines.Length - 1)
            {
                throw new FormatException($"Line {i + 1} of the checkpoint file is not a signed tree head ('{FormatVersion} <log> <size> <root> <ticks> <key id> <signature>').");
            }
        }

        return heads;
    }

    /// <summary>Reads the text form, or returns false.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignedTreeHead? head)
    {
        head = null;
        if (text is null || text.Length > 400)
        {
            return false;
        }

        var parts = text.Split(' ');
        if (parts.Length != 7
            || parts[0] != FormatVersion
            || LogOf(parts[1]) is not { } log
            || !IsDigits(parts[2]) || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !IsLowerHex(parts[3], 64)
            || !IsDigits(parts[4]) || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !IsLowerHex(parts[5], 16)
            || parts[6].Length != 86)
        {
            return false;
        }

        var signature = new byte[SignatureSize];
        if (Base64Url.DecodeFromChars(parts[6], signature, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != parts[6].Length || written != SignatureSize || Base64Url.EncodeToString(signature) != parts[6])
        {
            return false;
        }

        head = new SignedTreeHead(log, size, Convert.FromHexString(parts[3]), new DateTimeOffset(ticks, TimeSpan.Zero), parts[5], signature);
        return true;
    }

    /// <summary>The log's name in the text form: <c>consent-ledger</c> or <c>audit-trail</c>.</summary>
    internal static string NameOf(HashChainedLog log) => ChainCheckpoint.NameOf(log);

    internal static SignedTreeHead Create(CheckpointSigningKey key, HashChainedLog log, long treeSize, byte[] root, DateTimeOffset timestamp)
    {
        var unsigned = new SignedTreeHead(log, treeSize, root, new DateTimeOffset(timestamp.UtcTicks, TimeSpan.Zero), key.PublicKey.KeyId, new byte[SignatureSize]);
        var signature = key.Sign(Encoding.UTF8.GetBytes(unsigned.SignedText()));
        return new SignedTreeHead(log, treeSize, root, unsigned.Timestamp, unsigned.KeyId, signature);
    }

    internal bool RootEquals(ReadOnlySpan<byte> root) => CryptographicOperations.FixedTimeEquals(_root, root);

    internal string SignedText() => string.Join(
        ' ', FormatVersion, NameOf(Log), TreeSize.ToString(CultureInfo.InvariantCulture), RootHash, Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), KeyId);

    private static HashChainedLog? LogOf(string name) => name switch
    {
        "consent-ledger" => HashChainedLog.ConsentLedger,
        "audit-trail" => HashChainedLog.AuditTrail,
        _ => null,
    };

    private static bool IsDigits(string value) => value.Length is > 0 and <= 19 && value.All(char.IsAsciiDigit);

    private static bool IsLowerHex(string value, int length) => value.Length == length && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
