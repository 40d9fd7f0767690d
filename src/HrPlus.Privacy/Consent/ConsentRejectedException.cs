namespace HrPlus.Privacy.Consent;

/// <summary>A grant or withdrawal that the consent rules refuse; <see cref="Reason"/> says which rule.</summary>
/// <remarks>Messages never contain the subject's id or any personal value.</remarks>
public sealed class ConsentRejectedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ConsentRejectedException(ConsentRejectionReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Gets why it was refused.</summary>
    public ConsentRejectionReason Reason { get; }
}
