using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// A signed statement "<see cref="Log"/> had <see cref="Sequence"/> entries ending in <see cref="HeadHash"/> at
/// <see cref="CreatedAt"/>", kept outside the database: verification against it detects a cut-off, deleted or
/// re-hashed tail, which the chain alone cannot.
/// </summary>
/// <param name="Log">The log it vouches for; part of the signed text, so a checkpoint of one log never passes for another.</param>
/// <param name="Sequence">The position of the head entry (0 for an empty log).</param>
/// <param name="HeadHash">The head entry's hash (64 zeros for an empty log).</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="Signature">HMAC-SHA256 of the other fields under <c>PrivacyOptions.Audit.CheckpointKey</c>, lower-case hex.</param>
public sealed record ChainCheckpoint(HashChainedLog Log, long Sequence, string HeadHash, DateTimeOffset CreatedAt, string Signature)
{
    private const string Prefix = "hrplus-chain-checkpoint/1";

    /// <summary>Writes the checkpoint as one line: <c>hrplus-chain-checkpoint/1 log sequence head created signature</c>.</summary>
    public override string ToString() => SignedText() + " " + Signature;

    /// <summary>Reads a checkpoint written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">Anything else (the message does not repeat the input).</exception>
    public static ChainCheckpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(' ');
        if (parts.Length != 6
            || parts[0] != Prefix
            || LogOf(parts[1]) is not { } log
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !IsHex(parts[3])
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !IsHex(parts[5]))
        {
            throw new FormatException("Not a chain checkpoint: expected 'hrplus-chain-checkpoint/1 <consent-ledger|audit-trail> <sequence> <64 hex> <ticks> <64 hex>'.");
        }

        return new ChainCheckpoint(log, sequence, parts[3], new DateTimeOffset(ticks, TimeSpan.Zero), parts[5]);
    }

    /// <summary>The log's name in the text form: <c>consent-ledger</c> or <c>audit-trail</c>.</summary>
    internal static string NameOf(HashChainedLog log) => log switch
    {
        HashChainedLog.ConsentLedger => "consent-ledger",
        HashChainedLog.AuditTrail => "audit-trail",
        _ => throw new ArgumentOutOfRangeException(nameof(log)),
    };

    internal static ChainCheckpoint Create(byte[] key, HashChainedLog log, long sequence, string headHash, DateTimeOffset createdAt)
    {
        var unsigned = new ChainCheckpoint(log, sequence, headHash, createdAt, string.Empty);
        return unsigned with { Signature = unsigned.ComputeSignature(key) };
    }

    internal bool IsSignedBy(byte[] key) =>
        Enum.IsDefined(Log) && Sequence >= 0 && ChainHashing.FixedTimeEquals(ComputeSignature(key), Signature ?? string.Empty);

    private string ComputeSignature(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(SignedText())));

    private string SignedText() =>
        string.Join(' ', Prefix, NameOf(Log), Sequence.ToString(CultureInfo.InvariantCulture), HeadHash, CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));

    private static HashChainedLog? LogOf(string name) => name switch
    {
        "consent-ledger" => HashChainedLog.ConsentLedger,
        "audit-trail" => HashChainedLog.AuditTrail,
        _ => null,
    };

    private static bool IsHex(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
