namespace HrPlus.Privacy.Consent;

/// <summary>Records consents per subject and purpose in a hash-chained ledger and answers what is in force.</summary>
public interface IConsentService
{
    /// <summary>Records a consent after checking it against the catalogue, the policy and the minor rules.</summary>
    /// <returns>The event as appended to the ledger.</returns>
    /// <exception cref="ConsentRejectedException">A rule refuses it; <see cref="ConsentRejectedException.Reason"/> says which.</exception>
    /// <exception cref="ArgumentException">A malformed request (an invalid id, an IIN used as an id, bad category codes).</exception>
    ValueTask<ConsentEvent> GrantAsync(ConsentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Records a withdrawal of the consent in force (or expired, or due for renewal) for the subject and purpose.</summary>
    /// <exception cref="ConsentRejectedException">Nothing was granted (<see cref="ConsentRejectionReason.NothingToWithdraw"/>) or the purpose is unknown.</exception>
    ValueTask<ConsentEvent> WithdrawAsync(ConsentWithdrawal request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the decision for the subject and purpose at <paramref name="at"/> (now when null). Served from a cache kept
    /// current by local writes and refreshed after <see cref="ConsentOptions.CacheDuration"/>.
    /// </summary>
    /// <remarks>
    /// A subject whose data is blocked gets <see cref="ConsentDecision.Blocked"/> for every purpose while the block lasts
    /// (when <paramref name="at"/> is null or not in the past): only <see cref="ConsentDecision.Granted"/> lets
    /// consent-gated processing run, so a block stops it as it stops decryption.
    /// </remarks>
    ValueTask<ConsentDecision> GetDecisionAsync(string subjectId, string purpose, DateTimeOffset? at = null, CancellationToken cancellationToken = default);

    /// <summary>Gets every event of the subject, oldest first.</summary>
    ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken = default);

    /// <summary>Gets the receipt of a ledger event (shaped after ISO/IEC TS 27560), or null when there is no such event.</summary>
    ValueTask<ConsentReceipt?> GetReceiptAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole ledger's hash chain and reports the first broken link.</summary>
    ValueTask<ChainVerificationResult> VerifyAsync(CancellationToken cancellationToken = default);
}
