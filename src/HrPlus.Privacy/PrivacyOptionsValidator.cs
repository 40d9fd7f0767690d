using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy;

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    private readonly FieldEncryptionOptionsValidator _encryption = new();

    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var encryption = _encryption.Validate(name, options.Encryption);
        var failures = new List<string>();
        if (encryption.Failed)
        {
            failures.AddRange(encryption.Failures ?? []);
        }

        ValidateConsent(options.Consent, failures);
        if (options.Breaches.Calendar is null)
        {
            failures.Add("PrivacyOptions.Breaches.Calendar must not be null.");
        }

        if (options.Subjects.DestructionPeriod < TimeSpan.Zero)
        {
            failures.Add("PrivacyOptions.Subjects.DestructionPeriod must not be negative.");
        }

        if (options.Subjects.ErasureResumeInterval <= TimeSpan.Zero && options.Subjects.ErasureResumeInterval != Timeout.InfiniteTimeSpan)
        {
            failures.Add("PrivacyOptions.Subjects.ErasureResumeInterval must be positive (or Timeout.InfiniteTimeSpan).");
        }

        if (options.Subjects.IncompleteErasureAge < TimeSpan.Zero)
        {
            failures.Add("PrivacyOptions.Subjects.IncompleteErasureAge must not be negative.");
        }

        if (options.Changes.MinReloadInterval < TimeSpan.Zero || options.Changes.MinReloadInterval > Changes.ChangeNotificationOptions.MaxMinReloadInterval)
        {
            failures.Add($"PrivacyOptions.Changes.MinReloadInterval must be between zero and {Changes.ChangeNotificationOptions.MaxMinReloadInterval.TotalSeconds} seconds.");
        }

        foreach (var (purpose, term) in options.Subjects.RetentionTerms)
        {
            if (term < TimeSpan.Zero)
            {
                failures.Add($"PrivacyOptions.Subjects.RetentionTerms[\"{purpose}\"] must not be negative.");
            }
        }

#pragma warning disable CS0618 // The obsolete HMAC key is still validated for hosts that set it.
        if (options.Audit.CheckpointKey is { Length: < 32 })
#pragma warning restore CS0618
        {
            failures.Add("PrivacyOptions.Audit.CheckpointKey must be at least 32 bytes when set.");
        }

        if (options.Audit.CheckpointInterval <= TimeSpan.Zero)
        {
            failures.Add("PrivacyOptions.Audit.CheckpointInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConsent(ConsentOptions consent, List<string> failures)
    {
        if (consent.OperatorName is { } operatorName && (string.IsNullOrWhiteSpace(operatorName) || operatorName.Length > 512))
        {
            failures.Add("PrivacyOptions.Consent.OperatorName must be 1 to 512 characters when set.");
        }

        if (consent.OperatorBin is { } bin && !Bin.TryParse(bin, out _))
        {
            failures.Add("PrivacyOptions.Consent.OperatorBin is not a valid 12-digit BIN (the check digit does not match).");
        }

        if (consent.Purposes is null)
        {
            failures.Add("PrivacyOptions.Consent.Purposes must not be null.");
        }

        if (consent.CacheDuration < TimeSpan.Zero || consent.CacheDuration > TimeSpan.FromHours(1))
        {
            failures.Add("PrivacyOptions.Consent.CacheDuration must be between zero and one hour.");
        }

        if (consent.MaxCachedDecisions < 0)
        {
            failures.Add("PrivacyOptions.Consent.MaxCachedDecisions must not be negative.");
        }

        if (consent.LocalUtcOffset < TimeSpan.FromHours(-14) || consent.LocalUtcOffset > TimeSpan.FromHours(14) || consent.LocalUtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            failures.Add("PrivacyOptions.Consent.LocalUtcOffset must be whole minutes between -14:00 and +14:00.");
        }

        if (!Enum.IsDefined(consent.EvidenceIpAddress))
        {
            failures.Add("PrivacyOptions.Consent.EvidenceIpAddress is not a defined IpAddressMode.");
        }
    }
}
