using HrPlus.Privacy.Pseudonymization;

namespace HrPlus.Privacy.Consent;

/// <summary>Options of the consent ledger and policy registry (<c>PrivacyOptions.Consent</c>).</summary>
public sealed class ConsentOptions
{
    /// <summary>
    /// Gets or sets the operator's name recorded with every consent (Law 94-V Art. 8(4)). Required before the first
    /// consent is recorded.
    /// </summary>
    public string? OperatorName { get; set; }

    /// <summary>Gets or sets the operator's BIN recorded with every consent; validated with its check digit when set.</summary>
    public string? OperatorBin { get; set; }

    /// <summary>Gets or sets the purposes consent can be given for; the ten of the HR+ policy by default.</summary>
    public PurposeCatalog Purposes { get; set; } = PurposeCatalog.Default;

    /// <summary>
    /// Gets or sets how long a cached decision or policy list is used before it is read again from the store.
    /// Writes on this instance update the cache at once; a write on another instance sharing the database is seen
    /// here within this bound. Default 10 seconds; <see cref="TimeSpan.Zero"/> reads the store every time.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the most (subject, purpose) decisions kept in the cache; default 100,000.</summary>
    public int MaxCachedDecisions { get; set; } = 100_000;

    /// <summary>
    /// Gets or sets the UTC offset of the operator's civil day, used for birthdays (a representative's consent ends
    /// when the subject comes of age). Default +05:00, Kazakhstan's single time zone since 1 March 2024.
    /// </summary>
    public TimeSpan LocalUtcOffset { get; set; } = TimeSpan.FromHours(5);

    /// <summary>Gets or sets how the client address is kept as evidence of a consent; truncated by default.</summary>
    public IpAddressMode EvidenceIpAddress { get; set; } = IpAddressMode.Truncated;
}
