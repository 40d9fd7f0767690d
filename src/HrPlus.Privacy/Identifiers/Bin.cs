using System.Diagnostics.CodeAnalysis;

namespace HrPlus.Privacy.Identifiers;

/// <summary>
/// A business identification number (BIN) of the Republic of Kazakhstan: 12 digits <c>YYMM T U SSSSS K</c> —
/// the year and month of registration, the entity type T, the unit type U, a 5-digit serial and the same
/// mod-11 check digit as an <see cref="Iin"/>.
/// </summary>
/// <remarks>
/// Only valid values exist apart from <c>default</c>, which holds no BIN and formats as an empty string. A
/// BIN identifies an organization, not a person, but the BIN of an individual entrepreneur can point to one,
/// so parse errors never echo the input either.
/// </remarks>
public readonly struct Bin : IEquatable<Bin>, IComparable<Bin>, ISpanParsable<Bin>, ISpanFormattable
{
    /// <summary>The number of digits in a BIN.</summary>
    public const int Length = 12;

    private const string InvalidMessage =
        "The value is not a valid BIN: a BIN is 12 digits YYMM T U SSSSS K with a month 01 to 12, an entity type T of 4 to 6, a unit type U of 0 to 3 and a valid mod-11 check digit.";

    private readonly long _value;

    private Bin(long value) => _value = value;

    /// <summary>Gets whether this is the <c>default</c> value, which holds no BIN.</summary>
    public bool IsDefault => _value == 0;

    /// <summary>Gets the two-digit year of registration (0–99). The century is not encoded in a BIN.</summary>
    public int RegistrationYearOfCentury => (int)(_value / 10_000_000_000);

    /// <summary>Gets the month of registration (1–12), or 0 for the <c>default</c> value.</summary>
    public int RegistrationMonth => (int)(_value / 100_000_000 % 100);

    /// <summary>Gets the kind of entity, from the 5th digit.</summary>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    public BinEntityType EntityType
    {
        get
        {
            ThrowIfDefault();
            return (BinEntityType)(_value / 10_000_000 % 10);
        }
    }

    /// <summary>Gets which unit of the entity this BIN names, from the 6th digit.</summary>
    /// <exception cref="InvalidOperationException">This is the <c>default</c> value.</exception>
    public BinUnitType UnitType
    {
        get
        {
            ThrowIfDefault();
            return (BinUnitType)(_value / 1_000_000 % 10);
        }
    }

    /// <summary>Compares two BINs for equality.</summary>
    public static bool operator ==(Bin left, Bin right) => left._value == right._value;

    /// <summary>Compares two BINs for inequality.</summary>
    public static bool operator !=(Bin left, Bin right) => left._value != right._value;

    /// <summary>Orders BINs by their numeric value.</summary>
    public static bool operator <(Bin left, Bin right) => left._value < right._value;

    /// <summary>Orders BINs by their numeric value.</summary>
    public static bool operator >(Bin left, Bin right) => left._value > right._value;

    /// <summary>Orders BINs by their numeric value.</summary>
    public static bool operator <=(Bin left, Bin right) => left._value <= right._value;

    /// <summary>Orders BINs by their numeric value.</summary>
    public static bool operator >=(Bin left, Bin right) => left._value >= right._value;

    /// <summary>Parses exactly 12 ASCII digits (no spaces or separators) into a BIN.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">The value is not a valid BIN. The message never contains the input.</exception>
    public static Bin Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Bin Parse(ReadOnlySpan<char> s) =>
        TryParse(s, out var bin) ? bin : throw new FormatException(InvalidMessage);

    /// <summary>Tries to parse exactly 12 ASCII digits into a BIN. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Bin bin)
    {
        Span<byte> digits = stackalloc byte[Length];
        bin = default;
        if (!CheckDigit.TryReadDigits(s, digits, out var value))
        {
            return false;
        }

        var month = (digits[2] * 10) + digits[3];
        if (month is < 1 or > 12 || digits[4] is < 4 or > 6 || digits[5] > 3)
        {
            return false;
        }

        bin = new Bin(value);
        return true;
    }

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out Bin)"/>
    public static bool TryParse([NotNullWhen(true)] string? s, out Bin bin) => TryParse(s.AsSpan(), out bin);

    /// <inheritdoc/>
    public static Bin Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static Bin Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Bin result) =>
        TryParse(s.AsSpan(), out result);

    /// <inheritdoc/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Bin result) =>
        TryParse(s, out result);

    /// <inheritdoc/>
    public bool Equals(Bin other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Bin other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Bin other) => _value.CompareTo(other._value);

    /// <summary>Gets the 12 digits, or an empty string for the <c>default</c> value.</summary>
    public override string ToString() => ToString(null, null);

    /// <summary>Formats the BIN; <c>"G"</c> (or null/empty) is the only format: the 12 digits.</summary>
    /// <exception cref="FormatException">An unknown format string.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        ValidateFormat(format);
        if (IsDefault)
        {
            return string.Empty;
        }

        return string.Create(Length, _value, static (span, value) => CheckDigit.Format(value, span));
    }

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        ValidateFormat(format);
        charsWritten = 0;
        if (IsDefault)
        {
            return true;
        }

        if (destination.Length < Length)
        {
            return false;
        }

        CheckDigit.Format(_value, destination);
        charsWritten = Length;
        return true;
    }

    private static void ValidateFormat(ReadOnlySpan<char> format)
    {
        if (format is not ([] or "G" or "g"))
        {
            throw new FormatException("Unknown BIN format: use \"G\" for the 12 digits.");
        }
    }

    private void ThrowIfDefault()
    {
        if (_value == 0)
        {
            throw new InvalidOperationException("This Bin is the default value and holds no BIN. Create one with Bin.Parse or Bin.TryParse.");
        }
    }
}
