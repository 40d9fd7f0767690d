namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

internal static class BlindIndexText
{
    /// <summary>The longest blind index text: 256 bits in base64url.</summary>
    public const int MaxLength = 43;
}
