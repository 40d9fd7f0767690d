using HrPlus.Privacy.Sample.Localization;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>The UI dictionary has every string in Kazakh, Russian and English.</summary>
public sealed class LocalizationTests
{
    [Fact]
    public void Strings_EveryKey_HasTextInEveryLanguage()
    {
        Assert.NotEmpty(Strings.Keys);
        foreach (var key in Strings.Keys)
        {
            foreach (var language in Languages.All)
            {
                Assert.False(string.IsNullOrWhiteSpace(Strings.Get(key, language)), $"{key} has no {language} text.");
            }
        }
    }

    [Fact]
    public void Strings_UnknownKey_ShowsTheKeyInBrackets() =>
        Assert.Equal("[no.such.key]", Strings.Get("no.such.key", "kk"));

    [Theory]
    [InlineData("kk", "Басты бет")]
    [InlineData("ru", "Главная")]
    [InlineData("en", "Home")]
    public void Strings_Get_ReturnsTheLanguagesText(string language, string expected) =>
        Assert.Equal(expected, Strings.Get("nav.home", language));
}
