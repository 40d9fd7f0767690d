namespace HrPlus.Privacy.Tests;

/// <summary>Point 2 of issue 15: invisible format characters are escaped like control characters.</summary>
public sealed class SafeTextFormatCharacterTests
{
    [Theory]
    [InlineData("a\u202Eb", "a\\u202eb")]
    [InlineData("a\u200Bb\u200Dc", "a\\u200bb\\u200dc")]
    [InlineData("\u2066x\u2069", "\\u2066x\\u2069")]
    [InlineData("\uFEFFx", "\\ufeffx")]
    [InlineData("a\u2028b\u2029c", "a\\u2028b\\u2029c")]
    [InlineData("a\u00ADb", "a\\u00adb")]
    [InlineData("tag\U000E0041", "tag\\udb40\\udc41")]
    [InlineData("Қазақ тілі \U0001F600", "Қазақ тілі \U0001F600")]
    public void EscapeAndTruncate_EscapesFormatCharacters_AndKeepsVisibleText(string input, string expected) =>
        Assert.Equal(expected, SafeText.EscapeAndTruncate(input, 256));
}
