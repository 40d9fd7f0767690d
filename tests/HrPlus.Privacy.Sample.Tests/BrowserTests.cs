using HrPlus.Privacy.Sample.Localization;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>
/// The sample in a real headless Chromium: the cookie banner, the language switch, registration of an adult and of a
/// minor, search by IIN. Screenshots of the main pages go to <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class BrowserTests(ScreenshotFolder folder, ITestOutputHelper output) : IClassFixture<ScreenshotFolder>
{
    private string Screenshots => folder.Path;

    [SkippableFact]
    public async Task Browser_CookieBannerLanguageRegistrationAndSearch_WorkEndToEnd()
    {
        Chromium.Require();
        await using var server = await SampleServer.StartAsync();
        using var driver = Chromium.Start();
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));

        // A click that navigates replaces the page while a condition may be reading an element of the old one: that
        // element is then stale (or not there yet), which means "not yet", not a failure. CI met it once.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        var home = new Uri(server.Address, "/?lang=en").ToString();

        // The banner: necessary cookies only; the analytics cookie the app tries to set must never arrive.
        driver.Navigate().GoToUrl(home);
        wait.Until(d => d.FindElements(By.Id("cookie-banner")).Count == 1);
        Shoot(driver, "01-home-with-cookie-banner");
        driver.FindElement(By.Id("cookie-necessary")).Click();
        wait.Until(d => d.FindElements(By.Id("cookie-banner")).Count == 0);
        Assert.NotNull(driver.Manage().Cookies.GetCookieNamed(".HrPlus.CookieConsent"));
        driver.Navigate().GoToUrl(new Uri(server.Address, "/pupils?lang=en").ToString());
        Assert.Null(driver.Manage().Cookies.GetCookieNamed(SampleApp.AnalyticsCookie));
        Assert.Null(driver.Manage().Cookies.GetCookieNamed(Languages.CookieName));
        Assert.DoesNotContain(driver.Manage().Cookies.AllCookies, c => c.Name == SampleApp.AnalyticsCookie);

        // The language switch.
        driver.FindElement(By.Id("lang-kk")).Click();
        wait.Until(d => d.FindElement(By.Id("page-title")).Text == "Оқушылар");
        Assert.Contains("Оқушыны тіркеу", driver.FindElement(By.TagName("nav")).Text, StringComparison.Ordinal);
        Shoot(driver, "02-pupils-kk");
        driver.FindElement(By.Id("lang-ru")).Click();
        wait.Until(d => d.FindElement(By.Id("page-title")).Text == "Ученики");
        Assert.Contains("Регистрация ученика", driver.FindElement(By.TagName("nav")).Text, StringComparison.Ordinal);
        driver.FindElement(By.Id("lang-en")).Click();
        wait.Until(d => d.FindElement(By.Id("page-title")).Text == "Pupils");

        // An adult registers on their own.
        var adult = TestPupils.Adult();
        Register(driver, "Ақбота Браузерова", adult.ToString(), null);
        wait.Until(d => d.FindElements(By.Id("registered")).Count == 1);
        Assert.Equal("Ақбота Браузерова", driver.FindElement(By.Id("record-name")).Text);
        Assert.Equal("********" + adult.ToString()[8..], driver.FindElement(By.Id("record-iin")).Text);
        Shoot(driver, "03-adult-registered");

        // A minor without a representative is refused.
        Register(driver, "Темірлан Браузеров", TestPupils.Minor().ToString(), null);
        wait.Until(d => d.FindElements(By.Id("form-errors")).Count == 1);
        Assert.Equal(Strings.RepresentativeRequiredEn, driver.FindElement(By.Id("form-errors")).Text);
        Shoot(driver, "04-minor-needs-representative");

        // Search by IIN finds exactly the adult.
        driver.Navigate().GoToUrl(new Uri(server.Address, "/pupils?lang=en").ToString());
        driver.FindElement(By.Id("q")).SendKeys(adult.ToString());
        driver.FindElement(By.Id("search-submit")).Click();
        wait.Until(d => d.FindElement(By.Id("result-count")).Text == "1");
        var rows = driver.FindElements(By.CssSelector("#pupils tr[data-pupil-id]"));
        Assert.Contains("Ақбота Браузерова", Assert.Single(rows).Text, StringComparison.Ordinal);
        Shoot(driver, "05-search-by-iin");

        foreach (var (path, name) in new[] { ("/policy?lang=kk", "06-policy-kk"), ("/operator?lang=ru", "07-operator-ru"), ("/cookies?lang=en", "08-cookies-en") })
        {
            driver.Navigate().GoToUrl(new Uri(server.Address, path).ToString());
            wait.Until(d => d.FindElement(By.Id("page-title")).Displayed);
            Shoot(driver, name);
        }

        Assert.Null(driver.Manage().Cookies.GetCookieNamed(SampleApp.AnalyticsCookie));
        output.WriteLine($"Screenshots: {Screenshots}");
    }

    private static void Register(ChromeDriver driver, string fullName, string iin, string? representative)
    {
        driver.Navigate().GoToUrl(new Uri(new Uri(driver.Url), "/pupils/new?lang=en").ToString());
        driver.FindElement(By.Id("fullName")).SendKeys(fullName);
        driver.FindElement(By.Id("iin")).SendKeys(iin);
        driver.FindElement(By.Id("parentPhone")).SendKeys("+7 700 000 55 66");
        driver.FindElement(By.Id("parentEmail")).SendKeys("browser.parent@example.org");
        if (representative is not null)
        {
            driver.FindElement(By.Id("representativeName")).SendKeys(representative);
            driver.FindElement(By.CssSelector("#relationship option[value='parent']")).Click();
        }

        driver.FindElement(By.Id("acceptPolicy")).Click();
        driver.FindElement(By.Id("register-submit")).Click();
    }

    private void Shoot(ChromeDriver driver, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        driver.GetScreenshot().SaveAsFile(path);
        output.WriteLine($"Screenshot: {path}");
    }
}
