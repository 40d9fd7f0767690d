namespace HrPlus.Privacy.Consent;

/// <summary>What <see cref="ConsentReceiptVerifier.Verify"/> found.</summary>
public enum ConsentReceiptVerificationStatus
{
    /// <summary>The event's fields hash to its ledger hash, the tree head is signed by a published key, and the event is in that tree.</summary>
    Verified = 1,

    /// <summary>The event's fields hash to its ledger hash, but no checkpoint covered it when the receipt was made: nothing outside the operator vouches for it yet; fetch the receipt again after <c>next_checkpoint_due</c>.</summary>
    Pending = 2,

    /// <summary>Not a consent receipt of this format (or a field is missing or of the wrong type).</summary>
    Malformed = 3,

    /// <summary>A signed field of the event (or its position or previous hash) was changed: its hash does not match.</summary>
    EventAltered = 4,

    /// <summary>The tree head is not the ledger's, names an unknown key, lies outside the key's validity, or its signature does not verify.</summary>
    TreeHeadInvalid = 5,

    /// <summary>The inclusion proof does not lead from the event to the tree head's root.</summary>
    ProofInvalid = 6,
}
