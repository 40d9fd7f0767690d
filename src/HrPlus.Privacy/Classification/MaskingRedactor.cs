using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Compliance.Redaction;

namespace HrPlus.Privacy.Classification;

/// <summary>Redacts with one of the <see cref="PersonalDataMask"/> masks.</summary>
internal abstract class MaskingRedactor(Func<string?, string> mask) : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => input.IsEmpty ? 0 : mask(input.ToString()).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        var masked = mask(source.ToString());
        masked.CopyTo(destination);
        return masked.Length;
    }
}

/// <summary>Masks phone numbers: <c>+7 701 *** ** 67</c>.</summary>
internal sealed class PhoneMaskRedactor() : MaskingRedactor(PersonalDataMask.Phone);

/// <summary>Masks e-mail addresses: <c>a***@mail.kz</c>.</summary>
internal sealed class EmailMaskRedactor() : MaskingRedactor(PersonalDataMask.Email);

/// <summary>Masks full names in official order: <c>Әлихан Б.</c>.</summary>
internal sealed class FullNameMaskRedactor() : MaskingRedactor(PersonalDataMask.FullName);
