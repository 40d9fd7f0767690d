using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Consent;

/// <summary>
/// The hash chain of the consent ledger. A store seals each event while it holds the ledger's write lock:
/// <c>Hash = SHA-256("HrPlus.Privacy/consent-event/v1" ‖ every field in a fixed order, length-prefixed)</c>,
/// where the fields include <see cref="ConsentEvent.Sequence"/> and <see cref="ConsentEvent.PreviousHash"/>.
/// </summary>
public static class ConsentChain
{
    /// <summary>The previous hash of the first event: 64 zeros.</summary>
    public static readonly string GenesisHash = HashChain.GenesisHash;

    private static readonly byte[] Domain = "HrPlus.Privacy/consent-event/v1"u8.ToArray();

    /// <summary>
    /// Gives <paramref name="pending"/> the position after <paramref name="previousSequence"/>, links it to
    /// <paramref name="previousHash"/> and computes its hash. Call it only while holding the ledger's write lock, with
    /// the tail read inside that lock.
    /// </summary>
    /// <param name="pending">The event to append.</param>
    /// <param name="previousSequence">The sequence of the last event, 0 for an empty ledger.</param>
    /// <param name="previousHash">The hash of the last event, <see cref="GenesisHash"/> for an empty ledger.</param>
    public static ConsentEvent Seal(ConsentEvent pending, long previousSequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentOutOfRangeException.ThrowIfNegative(previousSequence);
        var linked = pending with { Sequence = previousSequence + 1, PreviousHash = previousHash, Hash = string.Empty };
        return linked with { Hash = ComputeHash(linked) };
    }

    /// <summary>Computes the hash of <paramref name="consentEvent"/> from its content, sequence and previous hash.</summary>
    public static string ComputeHash(ConsentEvent consentEvent)
    {
        ArgumentNullException.ThrowIfNull(consentEvent);
        using var hash = ChainHashBuilder.Rent();
        var e = consentEvent;
        hash.AppendData(Domain);
        Int64(hash, e.Sequence);
        Text(hash, e.EventId.ToString("D"));
        Int64(hash, (long)e.Kind);
        Text(hash, e.SubjectId);
        Text(hash, e.Purpose);
        Time(hash, e.OccurredAt);
        Int64(hash, e.PolicyVersion);
        Text(hash, e.PolicyTextHash);
        Text(hash, e.Language);
        Int64(hash, (long)e.GivenBy);
        Text(hash, e.RepresentativeId);
        Int64(hash, (long)e.Relationship);
        Int64(hash, e.MinorAlsoAgreed ? 1 : 0);
        Int64(hash, (long)e.Channel);
        Text(hash, e.EvidenceIpAddress);
        Text(hash, e.EvidenceUserAgent);
        Text(hash, e.OperatorName);
        Text(hash, e.OperatorBin);
        Time(hash, e.ExpiresAt);
        Int64(hash, e.DataCategories.Count);
        foreach (var category in e.DataCategories)
        {
            Text(hash, category);
        }

        Int64(hash, e.ThirdPartyTransfer ? 1 : 0);
        Int64(hash, e.CrossBorderTransfer ? 1 : 0);
        Int64(hash, e.PublicSources ? 1 : 0);
        Int64(hash, e.SubjectAdultFrom is { } adult ? adult.DayNumber : -1);
        Text(hash, e.PreviousHash);
        return hash.HashHex();
    }

    /// <summary>
    /// Verifies events read in sequence order: positions 1, 2, 3… without gaps, each linked to its predecessor's hash
    /// and matching its own. A cut-off tail is detected only against a signed checkpoint (<c>IHashChainCheckpoints</c>).
    /// </summary>
    public static ValueTask<ChainVerificationResult> VerifyAsync(IAsyncEnumerable<ConsentEvent> events, CancellationToken cancellationToken = default) =>
        HashChain.VerifyAsync(events, Links, null, null, cancellationToken);

    /// <summary>The ledger's events as links of the shared <see cref="HashChain"/>.</summary>
    internal static readonly HashChainLinks<ConsentEvent> Links = new(e => e.Sequence, e => e.PreviousHash, e => e.Hash, ComputeHash);

    private static void Int64(ChainHashBuilder hash, long value) => ChainHashing.Int64(hash, value);

    private static void Time(ChainHashBuilder hash, DateTimeOffset? value) => ChainHashing.Time(hash, value);

    private static void Text(ChainHashBuilder hash, string? value) => ChainHashing.Text(hash, value);
}
