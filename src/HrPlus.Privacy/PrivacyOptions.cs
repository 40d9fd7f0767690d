using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy;

/// <summary>Options of HrPlus.Privacy, set through <c>services.AddHrPlusPrivacy(options =&gt; ...)</c>.</summary>
/// <remarks>Validated when the host starts (or, without a host, when first resolved).</remarks>
public sealed class PrivacyOptions
{
    /// <summary>Gets the options of field encryption and its key ring.</summary>
    public FieldEncryptionOptions Encryption { get; } = new();

    /// <summary>Gets the options of consent and policy versioning.</summary>
    public Consent.ConsentOptions Consent { get; } = new();

    /// <summary>Gets the options of the audit trail.</summary>
    public Audit.AuditOptions Audit { get; } = new();

    /// <summary>Gets the options of the breach register.</summary>
    public Breaches.BreachOptions Breaches { get; } = new();

    /// <summary>Gets the options of the data-subject obligations (retention terms, destruction period).</summary>
    public Subjects.SubjectOptions Subjects { get; } = new();

    /// <summary>Gets the options of change notifications from other instances (how often they may reload caches).</summary>
    public Changes.ChangeNotificationOptions Changes { get; } = new();
}
