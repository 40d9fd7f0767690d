using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Pseudonymization;

/// <summary>
/// Masks personal values for display: what is hidden is never revealed, whatever the input.
/// </summary>
public static partial class PersonalDataMask
{
    private const string MaskedIinFallback = "************";

    /// <summary>What every mask returns for input it cannot recognise: nothing of the input survives.</summary>
    public const string FullMask = "***";

    /// <summary>
    /// Masks an IIN as <c>********0017</c>: the first eight digits (birth date, century and sex) are hidden,
    /// the last four kept.
    /// </summary>
    /// <remarks>
    /// A value that is not a valid IIN is masked completely (12 asterisks), whatever its length, so a typo or a
    /// different identifier never leaks through the mask.
    /// </remarks>
    public static string Iin(string? value) =>
        value is not null && Identifiers.Iin.TryParse(value, out var iin) ? Iin(iin) : MaskedIinFallback;

    /// <summary>Masks an IIN as <c>********0017</c>; the <c>default</c> value gives 12 asterisks.</summary>
    public static string Iin(Iin iin) => iin.IsDefault ? MaskedIinFallback : iin.ToString("M", null);
}
