using OpenQA.Selenium.Chrome;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// Headless Chromium from Debian's packages (<c>/usr/bin/chromium</c>, <c>/usr/bin/chromedriver</c>), both passed to
/// Selenium explicitly so that Selenium Manager never looks for or downloads anything. Without them the browser test
/// is skipped locally with what to install; under CI (<c>CI=true</c>) it fails, because <c>.ci/run</c> installs them.
/// </summary>
public static class Chromium
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverName = "chromedriver";
    public const string InstallHint = "Chromium is not installed: install it (Debian: apt-get install -y chromium chromium-driver) to run the browser test.";

    public static bool IsInstalled => File.Exists(BrowserPath) && File.Exists(Path.Combine(DriverDirectory, DriverName));

    private static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the browser test does here: run, fail (CI without Chromium) or skip (a developer without it).</summary>
    public enum Outcome
    {
        Run,
        Fail,
        Skip,
    }

    public static Outcome Decide(bool installed, bool underCi) => installed ? Outcome.Run : underCi ? Outcome.Fail : Outcome.Skip;

    /// <summary>Skips the test without Chromium, or fails it under CI.</summary>
    public static void Require()
    {
        switch (Decide(IsInstalled, UnderCi))
        {
            case Outcome.Fail:
                Assert.Fail(InstallHint + " CI=true, so the browser test must run.");
                break;
            case Outcome.Skip:
                Skip.If(true, InstallHint);
                break;
        }
    }

    public static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600", "--lang=en-US");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
