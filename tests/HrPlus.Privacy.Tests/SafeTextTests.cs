namespace HrPlus.Privacy.Tests;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData(null, 10, null)]
    [InlineData("", 10, "")]
    [InlineData("Mozilla/5.0", 64, "Mozilla/5.0")]
    [InlineData("a\r\nb", 64, "a\\u000d\\u000ab")]
    [InlineData("a\\b", 64, "a\\\\b")]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("ab\u0001cd", 6, "ab")]
    [InlineData("ab\ud83d\ude00", 3, "ab")]
    [InlineData("ab\ud83d\ude00", 4, "ab\ud83d\ude00")]
    public void EscapeAndTruncate_EscapesControlsAndNeverSplitsAnEscapeOrAPair(string? input, int max, string? expected)
    {
        Assert.Equal(expected, SafeText.EscapeAndTruncate(input, max));
    }

    [Fact]
    public void EscapeAndTruncate_LoneSurrogate_IsEscaped()
    {
        // Not theory data: xunit's serialization of test cases would replace the lone surrogate with U+FFFD.
        Assert.Equal("a\\ud800b", SafeText.EscapeAndTruncate("a\ud800b", 64));
        Assert.Equal("a\\udc00", SafeText.EscapeAndTruncate("a\udc00", 64));
    }

    [Fact]
    public void EscapeAndTruncate_TenKilobytesOfControls_StaysWithinTheCap()
    {
        var result = SafeText.EscapeAndTruncate(new string('\u0007', 10_240), 512)!;

        Assert.Equal(510, result.Length);
        Assert.Equal(85, result.Split("\\u0007").Length - 1);
    }
}
