using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Encryption;

internal sealed class FieldEncryptionOptionsValidator : IValidateOptions<FieldEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, FieldEncryptionOptions options)
    {
        var errors = new List<string>();
        if (options.KeyLifetime < FieldEncryptionOptions.MinKeyLifetime)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.KeyLifetime)} must be at least one day.");
        }

        if (options.RolloverLeadTime <= TimeSpan.Zero || options.RolloverLeadTime >= options.KeyLifetime)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.RolloverLeadTime)} must be positive and shorter than {nameof(FieldEncryptionOptions.KeyLifetime)}.");
        }

        if (options.MaxEncryptionsPerKey is < 1 or > (1L << 32))
        {
            errors.Add($"{nameof(FieldEncryptionOptions.MaxEncryptionsPerKey)} must be between 1 and 2^32 (NIST SP 800-38D).");
        }

        if (options.KeyRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.KeyRefreshInterval)} must be positive.");
        }

        if (options.UnknownKeyRefreshInterval < TimeSpan.Zero)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.UnknownKeyRefreshInterval)} must not be negative.");
        }

        if (options.SubjectKeyEpoch < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{nameof(FieldEncryptionOptions.SubjectKeyEpoch)} must be at least one minute.");
        }

        if (options.BackupRetention < TimeSpan.Zero)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.BackupRetention)} must not be negative.");
        }

        if (!Enum.IsDefined(options.Engine))
        {
            errors.Add($"{nameof(FieldEncryptionOptions.Engine)} must be Auto, Platform or Libsodium.");
        }
        else if (options.Engine == FieldEncryptionEngine.Libsodium && !LibsodiumAesGcmEngine.IsSupported)
        {
            errors.Add($"{nameof(FieldEncryptionOptions.Engine)} is Libsodium, but libsodium's AES-256-GCM is not supported on this CPU or platform (it needs AES-NI and CLMUL on x64, or the ARMv8 crypto extensions). Use Auto or Platform.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
