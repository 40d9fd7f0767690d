using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HrPlus.Privacy.Identifiers;

/// <summary>
/// An individual identification number (IIN) of the Republic of Kazakhstan: 12 digits
/// <c>YYMMDD C SSSS K</c> — the birth date, a digit C for century and sex, a 4-digit serial and a mod-11
/// check digit.
/// </summary>
/// <remarks>
/// <para>
/// An <see cref="Iin"/> is always valid: the only ways to get one are <see cref="Parse(string)"/>,
/// <see cref="TryParse(ReadOnlySpan{char}, out Iin)"/> and <see cref="Create"/>, which check the digits, the
/// birth date and the check digit. The <c>default</c> value is the one exception; it stands for "no IIN",
/// formats as an empty string and throws from <see cref="BirthDate"/> and <see cref="Sex"/>.
/// </para>
/// <para>
/// C is 1/2 for a man/woman born in the 1800s, 3/4 in the 1900s and 5/6 in the 2000s. Other values
/// (0, used for some foreign nationals, and 7–9) are rejected because they do not encode a birth date.
/// </para>
/// <para>
/// An IIN is personal data. <see cref="ToString()"/> gives the full number because storing and
/// transmitting it is its purpose; for display and logs use the <c>"M"</c> format (<c>********0017</c>) or
/// <see cref="HrPlus.Privacy.Pseudonymization.PersonalDataMask"/>. Parse errors never echo the input.
/// </para>
/// </remarks>
public readonly struct Iin : IEquatable<Iin>, IComparable<Iin>, ISpanParsable<Iin>, ISpanFormattable
{
    /// <summary>The number of digits in an IIN.</summary>
    public const int Length = 12;

    private const string InvalidMessage =
        "The value is not a valid IIN: an IIN is 12 digits YYMMDD C SSSS K with a real birth date, a century/sex digit C of 1 to 6 and a valid mod-11 check digit.";

    private readonly long _value;

    private Iin(long value) => _value = value;

    /// <summary>Gets whether this is the <c>default</c> value, which holds no IIN.</summary>
    public bool IsDefault => _value == 0;

    /// <summary>Gets the date of birth encoded in the first six digits and the century digit.</summary>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    public DateOnly BirthDate
    {
        get
        {
            ThrowIfDefault();
            var c = CenturyDigit;
            var century = 1800 + (((c - 1) / 2) * 100);
            var yymmdd = _value / 1_000_000;
            return new DateOnly(century + (int)(yymmdd / 10_000), (int)(yymmdd / 100 % 100), (int)(yymmdd % 100));
        }
    }

    /// <summary>Gets the sex encoded in the 7th digit.</summary>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    public Sex Sex
    {
        get
        {
            ThrowIfDefault();
            return CenturyDigit % 2 == 1 ? Sex.Male : Sex.Female;
        }
    }

    private int CenturyDigit => (int)(_value / 100_000 % 10);

    /// <summary>Compares two IINs for equality.</summary>
    public static bool operator ==(Iin left, Iin right) => left._value == right._value;

    /// <summary>Compares two IINs for inequality.</summary>
    public static bool operator !=(Iin left, Iin right) => left._value != right._value;

    /// <summary>Orders IINs by their numeric value.</summary>
    public static bool operator <(Iin left, Iin right) => left._value < right._value;

    /// <summary>Orders IINs by their numeric value.</summary>
    public static bool operator >(Iin left, Iin right) => left._value > right._value;

    /// <summary>Orders IINs by their numeric value.</summary>
    public static bool operator <=(Iin left, Iin right) => left._value <= right._value;

    /// <summary>Orders IINs by their numeric value.</summary>
    public static bool operator >=(Iin left, Iin right) => left._value >= right._value;

    /// <summary>Parses exactly 12 ASCII digits (no spaces or separators) into an IIN.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">The value is not a valid IIN. The message never contains the input.</exception>
    public static Iin Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Iin Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var iin) ? iin : throw new FormatException(InvalidMessage);

    /// <summary>Tries to parse exactly 12 ASCII digits into an IIN. Never throws.</summary>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid IIN.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out Iin iin)
    {
        Span<byte> digits = stackalloc byte[Length];
        iin = default;
        if (!CheckDigit.TryReadDigits(s, digits, out var value))
        {
            return false;
        }

        var c = digits[6];
        if (c is < 1 or > 6)
        {
            return false;
        }

        var year = 1800 + (((c - 1) / 2) * 100) + (digits[0] * 10) + digits[1];
        var month = (digits[2] * 10) + digits[3];
        var day = (digits[4] * 10) + digits[5];
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        iin = new Iin(value);
        return true;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out Iin)"/>
    public static bool TryParse([NotNullWhen(true)] string? s, out Iin iin) => TryParse(s.AsSpan(), out iin);

    /// <inheritdoc/>
    public static Iin Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static Iin Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Iin result) =>
        TryParse(s.AsSpan(), out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Iin result) =>
        TryParse(s, out result);

    /// <summary>
    /// Makes the IIN of a person born on <paramref name="birthDate"/> with the given sex and 4-digit serial,
    /// computing its check digit. Meant for synthetic test and demo data.
    /// </summary>
    /// <param name="birthDate">A date from 1800-01-01 to 2099-12-31.</param>
    /// <param name="sex">The sex to encode.</param>
    /// <param name="serial">The registration serial, 0 to 9999.</param>
    /// <param name="iin">The IIN, when one exists.</param>
    /// <returns>
    /// <see langword="false"/> when no check digit completes these 11 digits (about one serial in eleven); try
    /// another serial.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A date, sex or serial outside the ranges above.</exception>
    public static bool Create(DateOnly birthDate, Sex sex, int serial, out Iin iin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(birthDate.Year, 1800, nameof(birthDate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(birthDate.Year, 2099, nameof(birthDate));
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 9999);
        if (sex is not (Sex.Male or Sex.Female))
        {
            throw new ArgumentOutOfRangeException(nameof(sex));
        }

        var c = (((birthDate.Year - 1800) / 100) * 2) + (sex == Sex.Male ? 1 : 2);
        var prefix = ((((((long)(birthDate.Year % 100) * 100) + birthDate.Month) * 100) + birthDate.Day) * 10 + c) * 10_000 + serial;
        Span<byte> digits = stackalloc byte[Length];
        CheckDigit.ToDigits(prefix * 10, digits);
        var check = CheckDigit.Compute(digits);
        iin = check == CheckDigit.None ? default : new Iin((prefix * 10) + check);
        return check != CheckDigit.None;
    }

    /// <summary>Gets the age in completed years on <paramref name="date"/>.</summary>
    /// <remarks>A person born on 29 February turns a year older on 1 March in common years.</remarks>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="date"/> is before the birth date.</exception>
    public int AgeOn(DateOnly date)
    {
        var birth = BirthDate;
        ArgumentOutOfRangeException.ThrowIfLessThan(date, birth);
        var age = date.Year - birth.Year;
        if (date.Month < birth.Month || (date.Month == birth.Month && date.Day < birth.Day))
        {
            age--;
        }

        return age;
    }

    /// <summary>Gets whether the person is under 18 on <paramref name="date"/>.</summary>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="date"/> is before the birth date.</exception>
    public bool IsMinorOn(DateOnly date) => AgeOn(date) < 18;

    /// <inheritdoc/>
    public bool Equals(Iin other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Iin other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Iin other) => _value.CompareTo(other._value);

    /// <summary>Gets the 12 digits, or an empty string for the <c>default</c> value.</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>
    /// Formats the IIN. <c>"G"</c> (or null/empty) gives the 12 digits; <c>"M"</c> gives the masked form
    /// <c>********0017</c>, which hides the birth date and sex and keeps the last four digits.
    /// </summary>
    /// <exception cref="FormatException">An unknown format string.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        if (IsDefault)
        {
            ValidateFormat(format);
            return string.Empty;
        }

        return string.Create(Length, (this, format), static (span, state) =>
        {
            state.Item1.TryFormat(span, out _, state.format, null);
        });
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var masked = ValidateFormat(format);
        if (IsDefault)
        {
            charsWritten = 0;
            return true;
        }

        if (destination.Length < Length)
        {
            charsWritten = 0;
            return false;
        }

        CheckDigit.Format(_value, destination);
        if (masked)
        {
            destination[..8].Fill('*');
        }

        charsWritten = Length;
        return true;
    }

    private static bool ValidateFormat(ReadOnlySpan<char> format) => format switch
    {
        [] or "G" or "g" => false,
        "M" or "m" => true,
        _ => throw new FormatException("Unknown IIN format: use \"G\" for the 12 digits or \"M\" for the masked form."),
    };

    private void ThrowIfDefault()
    {
        if (_value == 0)
        {
            throw new InvalidOperationException("This Iin is the default value and holds no IIN. Create one with Iin.Parse or Iin.TryParse.");
        }
    }
}
