using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Compliance.Redaction;

namespace HrPlus.Privacy.Classification;

/// <summary>Redacts with one of the <see cref="PersonalDataMask"/> masks.</summary>
/// <remarks>
/// The extended logger of Microsoft.Extensions.Telemetry appends a discriminator (<c>":" + tag name</c>) to each
/// value before redacting it unless <c>LoggerRedactionOptions.ApplyDiscriminator</c> is off. None of the masked
/// kinds can contain a colon, so when the whole input is not maskable and ends in <c>":" + identifier</c>, the
/// suffix is taken for a discriminator and the part before it is masked.
/// </remarks>
internal abstract class MaskingRedactor(Func<string?, string> mask) : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => input.IsEmpty ? 0 : Mask(input).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        var masked = Mask(source);
        if (masked.Length > destination.Length)
        {
            throw new ArgumentException($"The destination must hold {masked.Length} characters.", nameof(destination));
        }

        masked.CopyTo(destination);
        return masked.Length;
    }

    private string Mask(ReadOnlySpan<char> source)
    {
        var masked = mask(source.ToString());
        if (masked != PersonalDataMask.FullMask)
        {
            return masked;
        }

        var colon = source.LastIndexOf(':');
        return colon > 0 && IsTagName(source[(colon + 1)..]) ? mask(source[..colon].ToString()) : masked;
    }

    private static bool IsTagName(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Masks phone numbers: <c>+7 701 *** ** 67</c>.</summary>
internal sealed class PhoneMaskRedactor() : MaskingRedactor(PersonalDataMask.Phone);

/// <summary>Masks e-mail addresses: <c>a***@mail.kz</c>.</summary>
internal sealed class EmailMaskRedactor() : MaskingRedactor(PersonalDataMask.Email);

/// <summary>Masks full names in official order: <c>Әлихан Б.</c>.</summary>
internal sealed class FullNameMaskRedactor() : MaskingRedactor(PersonalDataMask.FullName);
