using HrPlus.Privacy.Policies;

namespace HrPlus.Privacy.Tests.Consent;

public sealed class PolicyRegistryTests
{
    [Fact]
    public void PolicyText_Hash_IsSha256OfUtf8InLowerCaseHex()
    {
        // FIPS 180-2 test vector "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", new PolicyText("en", "abc").ContentHash);
        // Kazakh letters hash as UTF-8: U+04D8 is D3 98 (vector computed with Python's hashlib).
        Assert.Equal("e258591f1e6352e0e767192591df94681c4aa5326cf1239e5776539615f792a5", new PolicyText("kk", "Ә").ContentHash);
    }

    [Theory]
    [InlineData("KK")]
    [InlineData("kaz")]
    [InlineData("k")]
    [InlineData("")]
    [InlineData("k1")]
    public void PolicyText_BadLanguage_Throws(string language)
    {
        var error = Assert.Throws<ArgumentException>(() => new PolicyText(language, "text"));
        Assert.Equal("language", error.ParamName);
    }

    [Fact]
    public async Task Publish_NumbersFromOne_EffectiveAtPublication_AndImmutableCopiesAreReturned()
    {
        using var host = new ConsentTestHost();
        var t0 = host.Time.GetUtcNow();

        var v1 = await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "first"));
        host.Time.Advance(TimeSpan.FromDays(30));
        var v2 = await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Editorial, "typo"));

        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.Equal(t0, v1.PublishedAt);
        Assert.Equal(t0, v1.EffectiveFrom);
        Assert.Equal(t0.AddDays(30), v2.EffectiveFrom);
        Assert.Equal(["en", "kk", "ru"], v1.Texts.Select(t => t.Language));
        Assert.Equal(PolicyText.Hash("Политика конфиденциальности (first)"), v1.GetText("ru")!.ContentHash);
        Assert.Null(v1.GetText("de"));

        Assert.Same(v1, await host.Policies.GetCurrentAsync(t0.AddDays(29)));
        Assert.Same(v2, await host.Policies.GetCurrentAsync());
        Assert.Null(await host.Policies.GetCurrentAsync(t0.AddTicks(-10)));
        Assert.Equal([1, 2], (await host.Policies.ListAsync()).Select(v => v.Version));
        Assert.Equal("typo", (await host.Policies.GetVersionAsync(2))!.ChangeSummary);
        Assert.Null(await host.Policies.GetVersionAsync(3));
    }

    [Fact]
    public async Task Publish_WithFutureEffectiveTime_IsNotCurrentUntilThen()
    {
        using var host = new ConsentTestHost();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        var later = host.Time.GetUtcNow().AddDays(14);

        var v2 = await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v2", later));

        Assert.Equal(1, (await host.Policies.GetCurrentAsync())!.Version);
        Assert.Equal(2, (await host.Policies.GetCurrentAsync(later))!.Version);
        Assert.Equal(later, v2.EffectiveFrom);
    }

    [Fact]
    public async Task Publish_BadDrafts_AreRefusedAndNothingIsStored()
    {
        using var host = new ConsentTestHost();
        var now = host.Time.GetUtcNow();
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v1", now.AddDays(10)));

        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "past", now.AddSeconds(-1))));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "before v1", now.AddDays(5))));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Policies.PublishAsync(new PolicyDraft { Texts = [], ChangeKind = PolicyChangeKind.Material }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Policies.PublishAsync(new PolicyDraft
        {
            Texts = [new PolicyText("ru", "a"), new PolicyText("ru", "b")],
            ChangeKind = PolicyChangeKind.Material,
        }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Policies.PublishAsync(new PolicyDraft
        {
            Texts = [new PolicyText("ru", "a")],
            ChangeKind = (PolicyChangeKind)7,
        }));

        Assert.Single(await host.PolicyStore.GetAllAsync(default));
    }

    [Fact]
    public async Task Publish_OnTwoInstancesSharingAStore_TakesDistinctIncreasingNumbers()
    {
        var store = new InMemoryPolicyStore();
        using var a = new ConsentTestHost(policyStore: store);
        using var b = new ConsentTestHost(time: a.Time, policyStore: store);

        var first = await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "a"));
        var second = await b.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "b"));
        var third = await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Editorial, "a again"));

        Assert.Equal([1, 2, 3], new[] { first.Version, second.Version, third.Version });
        Assert.Equal([1, 2, 3], (await store.GetAllAsync(default)).Select(v => v.Version));
    }

    [Fact]
    public async Task GetCurrent_OnAnotherInstance_SeesAPublicationWithinTheCacheDuration()
    {
        var store = new InMemoryPolicyStore();
        using var a = new ConsentTestHost(policyStore: store);
        using var b = new ConsentTestHost(time: a.Time, policyStore: store);
        await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v1"));
        Assert.Equal(1, (await b.Policies.GetCurrentAsync())!.Version);

        await a.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material, "v2"));

        Assert.Equal(2, (await a.Policies.GetCurrentAsync())!.Version);
        Assert.Equal(1, (await b.Policies.GetCurrentAsync())!.Version);
        a.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await b.Policies.GetCurrentAsync())!.Version);
    }
}
