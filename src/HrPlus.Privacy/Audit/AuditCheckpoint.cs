using System.Globalization;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// A signed statement "the audit trail had <see cref="Sequence"/> entries ending in <see cref="HeadHash"/> at
/// <see cref="CreatedAt"/>". Keep it outside the database (a ticket, an e-mail to the data protection officer, a
/// write-once bucket): a later verification against it detects a cut-off tail, which the chain alone cannot.
/// </summary>
/// <param name="Sequence">The position of the head entry (0 for an empty trail).</param>
/// <param name="HeadHash">The head entry's hash (64 zeros for an empty trail).</param>
/// <param name="CreatedAt">When the checkpoint was made (UTC).</param>
/// <param name="Signature">HMAC-SHA256 of the other fields under the checkpoint key, lower-case hex.</param>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, DateTimeOffset CreatedAt, string Signature)
{
    private const string Prefix = "hrplus-audit-checkpoint/1";

    /// <summary>Writes the checkpoint as one line of text: <c>hrplus-audit-checkpoint/1 sequence head created signature</c>.</summary>
    public override string ToString() =>
        string.Join(' ', Prefix, Sequence.ToString(CultureInfo.InvariantCulture), HeadHash, CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), Signature);

    /// <summary>Reads a checkpoint written by <see cref="ToString"/>.</summary>
    /// <exception cref="FormatException">Anything else (the message does not repeat the input).</exception>
    public static AuditCheckpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(' ');
        if (parts.Length != 5
            || parts[0] != Prefix
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !IsHex(parts[2])
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !IsHex(parts[4]))
        {
            throw new FormatException("Not an audit checkpoint: expected 'hrplus-audit-checkpoint/1 <sequence> <64 hex> <ticks> <64 hex>'.");
        }

        return new AuditCheckpoint(sequence, parts[2], new DateTimeOffset(ticks, TimeSpan.Zero), parts[4]);
    }

    internal string SignedText() =>
        string.Join(' ', Prefix, Sequence.ToString(CultureInfo.InvariantCulture), HeadHash, CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));

    private static bool IsHex(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
