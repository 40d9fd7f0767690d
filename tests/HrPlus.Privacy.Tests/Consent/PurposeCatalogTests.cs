using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Consent;

public sealed class PurposeCatalogTests
{
    [Fact]
    public void Default_HasTheTenPurposesOfClause41_WithOptInForTheFourConsentOnes()
    {
        var codes = PurposeCatalog.Default.Select(p => p.Code).ToArray();

        Assert.Equal(
            ["identification", "personalised-resources", "feedback", "security-location", "data-accuracy", "account-creation", "support", "news-offers", "advertising", "partner-services"],
            codes);
        Assert.Equal(
            ["security-location", "news-offers", "advertising", "partner-services"],
            PurposeCatalog.Default.Where(p => p.RequiresExplicitOptIn).Select(p => p.Code));
        Assert.All(PurposeCatalog.Default, p => Assert.Equal(p.RequiresExplicitOptIn, p.LegalBasis == LegalBasis.Consent));
        Assert.Equal("Реклама (с согласия)", PurposeCatalog.Default[ConsentPurposes.Advertising].GetTitle("ru"));
        Assert.Equal("Жарнама (келісіммен)", PurposeCatalog.Default[ConsentPurposes.Advertising].GetTitle("kk"));
        Assert.Equal("Advertising (with consent)", PurposeCatalog.Default[ConsentPurposes.Advertising].GetTitle("en"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("News")]
    [InlineData("news offers")]
    [InlineData("-news")]
    [InlineData("news-")]
    [InlineData("новости")]
    public void Purpose_BadCode_Throws(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => new ConsentPurpose(code, "a", "b", "c", LegalBasis.Consent, true));
        Assert.Equal("code", error.ParamName);
    }

    [Fact]
    public void Catalog_DuplicateCodes_AndUnknownLookups_Fail()
    {
        var purpose = new ConsentPurpose("x", "a", "b", "c", LegalBasis.Consent, true);

        Assert.Throws<ArgumentException>(() => new PurposeCatalog([purpose, purpose]));
        Assert.Throws<ArgumentException>(() => new PurposeCatalog([]));
        Assert.Throws<KeyNotFoundException>(() => PurposeCatalog.Default["unknown"]);
        Assert.False(PurposeCatalog.Default.TryGet(null, out _));
    }

    [Fact]
    public void ConsentService_WithoutAStore_FailsSayingWhatToAdd()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys();
        using var provider = services.BuildServiceProvider();

        var consent = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IConsentService>());
        var policies = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IPolicyRegistry>());

        Assert.Contains("UseEntityFrameworkCoreStores<TContext>()", consent.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStores()", consent.Message, StringComparison.Ordinal);
        Assert.Contains("IPolicyStore", policies.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_InvalidOperatorBin_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o => o.Consent.OperatorBin = "150340000016").UseInMemoryFieldKeys();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>().Value);
        Assert.Contains("OperatorBin", error.Message, StringComparison.Ordinal);
    }
}
