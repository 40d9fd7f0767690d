using HrPlus.Privacy.Sample.Tests.Infrastructure;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>When the browser test runs, fails or is skipped.</summary>
public sealed class ChromiumTests
{
    [Theory]
    [InlineData(true, false, Chromium.Outcome.Run)]
    [InlineData(true, true, Chromium.Outcome.Run)]
    [InlineData(false, true, Chromium.Outcome.Fail)]
    [InlineData(false, false, Chromium.Outcome.Skip)]
    public void Decide_InstalledAndCi_GiveTheOutcome(bool installed, bool underCi, Chromium.Outcome expected) =>
        Assert.Equal(expected, Chromium.Decide(installed, underCi));

    [Fact]
    public void InstallHint_SaysWhatToInstall() =>
        Assert.Contains("apt-get install -y chromium chromium-driver", Chromium.InstallHint, StringComparison.Ordinal);
}
