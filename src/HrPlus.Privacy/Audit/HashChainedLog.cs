namespace HrPlus.Privacy.Audit;

/// <summary>The hash-chained logs whose heads are signed in checkpoints.</summary>
public enum HashChainedLog
{
    /// <summary>The consent ledger (grants and withdrawals).</summary>
    ConsentLedger = 1,

    /// <summary>The audit trail of processing operations.</summary>
    AuditTrail = 2,
}
