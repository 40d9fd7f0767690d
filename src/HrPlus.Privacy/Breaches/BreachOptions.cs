namespace HrPlus.Privacy.Breaches;

/// <summary>Options of the breach register (<c>PrivacyOptions.Breaches</c>).</summary>
public sealed class BreachOptions
{
    /// <summary>
    /// Gets or sets the working-day calendar of the authority deadline; <see cref="BusinessCalendar.Kazakhstan"/> by
    /// default. The local day is <c>PrivacyOptions.Consent.LocalUtcOffset</c> (UTC+5 by default).
    /// </summary>
    public BusinessCalendar Calendar { get; set; } = BusinessCalendar.Kazakhstan;
}
