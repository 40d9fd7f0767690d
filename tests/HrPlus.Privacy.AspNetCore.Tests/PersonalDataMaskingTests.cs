using FsCheck;
using FsCheck.Xunit;
using HrPlus.Privacy.AspNetCore.Capture;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>The masking of paths, referers and free text, as properties over generated IINs.</summary>
public sealed class PersonalDataMaskingTests
{
    [Property(MaxTest = 300)]
    public bool Path_NeverKeepsAGeneratedIin(int seed, NonNegativeInt separator, string? prefix, string? suffix)
    {
        var iin = TestIins.Generate(seed);
        var written = (separator.Get % 4) switch
        {
            0 => iin,
            1 => iin[..6] + "-" + iin[6..],
            2 => iin[..6] + " " + iin[6..],
            _ => "%" + ((int)iin[0]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + iin[1..],
        };
        var segment = Clean(prefix) + written + Clean(suffix);
        var masked = PersonalDataMasking.Path("/a/" + segment + "/b");
        return !AccessLogPersonalDataTests.ContainsValidIin(Uri.UnescapeDataString(masked));
    }

    [Property(MaxTest = 300)]
    public bool TextAndReferer_NeverKeepAGeneratedIinEmailOrPhone(int seed, string? before, string? after, NonNegativeInt kind)
    {
        var iin = TestIins.Generate(seed);
        var phone = "+7 (7" + (Math.Abs(seed) % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + ") 123-45-67";
        var email = "user" + (Math.Abs(seed) % 1000) + "@school.kz";
        var value = (kind.Get % 3) switch { 0 => iin, 1 => phone, _ => email };
        var text = Clean(before) + " " + value + " " + Clean(after);
        var masked = PersonalDataMasking.Text(text);
        var referer = PersonalDataMasking.Referer("https://school.kz/" + Clean(before) + "/" + Uri.EscapeDataString(value) + "?q=1") ?? string.Empty;
        return new[] { masked, Uri.UnescapeDataString(referer) }.All(t =>
            !AccessLogPersonalDataTests.ContainsValidIin(t) && !t.Contains('@') && !new string([.. t.Where(char.IsAsciiDigit)]).Contains("1234567", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1")]
    [InlineData("/api/v1/orders/2024-11-25/items/12345678901")]
    public void Text_WithoutPersonalData_IsKeptAsItIs(string text) => Assert.Same(text, PersonalDataMasking.Text(text));

    // Issue 26: the access log holds no run of 12 digits, whatever its check digit (a 16-digit number included).
    [Theory]
    [InlineData("Bot/1.0 (id 100412500014)", "Bot/1.0 (id {iin})")]
    [InlineData("/api/v1/orders/2024-11-25/items/1234567890123456", "/api/v1/orders/2024-11-25/items/{number}")]
    [InlineData("Bot/v 900101_300017", "Bot/v {iin}")]
    public void Text_TwelveDigitRuns_AreMasked(string text, string expected) => Assert.Equal(expected, PersonalDataMasking.Text(text));

    private static string Clean(string? text) => new([.. (text ?? string.Empty).Where(c => char.IsAsciiLetter(c) || c is '_' or '.').Take(10)]);
}
