namespace HrPlus.Privacy.Audit;

/// <summary>The processing operations of Law 94-V (collection, recording, change, use, transfer, blocking, destruction) and the SDK's own.</summary>
public enum AuditOperation
{
    /// <summary>Personal data was collected.</summary>
    Collect = 1,

    /// <summary>Personal data was recorded (stored).</summary>
    Record = 2,

    /// <summary>Personal data was changed.</summary>
    Change = 3,

    /// <summary>A person opened a subject's record (one entry per operation, not per field).</summary>
    Access = 4,

    /// <summary>Encrypted data was decrypted outside the normal read path (for example, an audited verification).</summary>
    Decrypt = 5,

    /// <summary>A subject's data was exported.</summary>
    Export = 6,

    /// <summary>Data was transferred (to a state body, a third party).</summary>
    Transfer = 7,

    /// <summary>A subject's data was blocked.</summary>
    Block = 8,

    /// <summary>A subject's data was unblocked.</summary>
    Unblock = 9,

    /// <summary>Data was destroyed.</summary>
    Destroy = 10,
}
