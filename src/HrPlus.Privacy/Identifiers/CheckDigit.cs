namespace HrPlus.Privacy.Identifiers;

/// <summary>
/// The mod-11 check digit shared by IIN and BIN: a first pass with weights 1..11, a second pass with
/// weights 3..11,1,2 when the first gives 10, and no valid number at all when the second gives 10 too.
/// </summary>
internal static class CheckDigit
{
    /// <summary>Returned by <see cref="Compute"/> for an 11-digit prefix that no check digit can complete.</summary>
    public const int None = -1;

    /// <summary>Computes the check digit of the first 11 digits.</summary>
    /// <param name="digits">At least 11 values, each 0..9.</param>
    /// <returns>The check digit 0..9, or <see cref="None"/>.</returns>
    public static int Compute(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        for (var i = 0; i < 11; i++)
        {
            sum += digits[i] * (i + 1);
        }

        var check = sum % 11;
        if (check != 10)
        {
            return check;
        }

        sum = 0;
        for (var i = 0; i < 11; i++)
        {
            // Second pass weights: 3, 4, ..., 11, 1, 2.
            sum += digits[i] * (((i + 2) % 11) + 1);
        }

        check = sum % 11;
        return check == 10 ? None : check;
    }

    /// <summary>
    /// Reads exactly 12 ASCII digits into <paramref name="digits"/> and checks the check digit.
    /// Never throws.
    /// </summary>
    public static bool TryReadDigits(ReadOnlySpan<char> s, Span<byte> digits, out long value)
    {
        value = 0;
        if (s.Length != 12)
        {
            return false;
        }

        for (var i = 0; i < 12; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            digits[i] = (byte)d;
            value = (value * 10) + d;
        }

        return Compute(digits) == digits[11];
    }

    /// <summary>Splits a 12-digit number into its digits.</summary>
    public static void ToDigits(long value, Span<byte> digits)
    {
        for (var i = 11; i >= 0; i--)
        {
            digits[i] = (byte)(value % 10);
            value /= 10;
        }
    }

    /// <summary>Writes a 12-digit number as ASCII digits.</summary>
    public static void Format(long value, Span<char> destination)
    {
        for (var i = 11; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
