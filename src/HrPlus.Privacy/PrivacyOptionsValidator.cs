using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy;

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    private readonly FieldEncryptionOptionsValidator _encryption = new();

    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _encryption.Validate(name, options.Encryption);
    }
}
