using System.Globalization;

namespace HrPlus.Privacy.Tool.Commands;

/// <summary>Key ids as the SDK prints them: eight lower-case hex digits.</summary>
internal static class KeyIds
{
    public static string Format(uint id) => id.ToString("x8", CultureInfo.InvariantCulture);

    public static uint Parse(string text)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return digits.Length is > 0 and <= 8 && uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ToolException(ExitCodes.Usage, $"'{text}' is not a key id: give the 8 hex digits 'hrplus keys list' shows.");
    }
}
