using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Consent;

/// <summary>The result of verifying a consent receipt offline (<see cref="ConsentReceiptVerifier.Verify"/>).</summary>
public sealed class ConsentReceiptVerification
{
    internal ConsentReceiptVerification(ConsentReceiptVerificationStatus status, long? position, SignedTreeHead? treeHead)
    {
        Status = status;
        Position = position;
        TreeHead = treeHead;
    }

    /// <summary>Gets what was found.</summary>
    public ConsentReceiptVerificationStatus Status { get; }

    /// <summary>Gets whether the receipt verified completely (<see cref="ConsentReceiptVerificationStatus.Verified"/>).</summary>
    public bool IsVerified => Status == ConsentReceiptVerificationStatus.Verified;

    /// <summary>Gets the event's ledger position, when the receipt could be read.</summary>
    public long? Position { get; }

    /// <summary>Gets the tree head that vouches for the event, when it verified.</summary>
    public SignedTreeHead? TreeHead { get; }

    /// <summary>Gets a one-line summary without any personal content.</summary>
    public override string ToString() => Position is { } p ? $"{Status} (ledger position {p})." : $"{Status}.";
}
