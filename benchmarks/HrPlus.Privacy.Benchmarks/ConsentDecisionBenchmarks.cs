using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// <see cref="IConsentService.GetDecisionAsync"/> for a subject whose decision is cached (DESIGN section 8: at most
/// 1 µs and 0 bytes), beside a bare dictionary lookup of the same key and the uncached path over the in-memory store.
/// </summary>
[MemoryDiagnoser]
public class ConsentDecisionBenchmarks
{
    private const string Subject = "pupil-000123";
    private readonly ConcurrentDictionary<(string, string), ConsentDecision> _dictionary = new();
    private ServiceProvider _cached = null!;
    private ServiceProvider _uncached = null!;
    private IConsentService _cachedService = null!;
    private IConsentService _uncachedService = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cached = Build(TimeSpan.FromHours(1));
        _uncached = Build(TimeSpan.Zero);
        _cachedService = _cached.GetRequiredService<IConsentService>();
        _uncachedService = _uncached.GetRequiredService<IConsentService>();
        _dictionary[(Subject, ConsentPurposes.NewsAndOffers)] = ConsentDecision.Granted;
        if (_cachedService.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers).AsTask().Result != ConsentDecision.Granted
            || _uncachedService.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers).AsTask().Result != ConsentDecision.Granted)
        {
            throw new InvalidOperationException("The benchmark subject should have consent.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cached.Dispose();
        _uncached.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ConcurrentDictionary lookup (same key)")]
    public ConsentDecision Dictionary() => _dictionary[(Subject, ConsentPurposes.NewsAndOffers)];

    [Benchmark(Description = "GetDecisionAsync, cached")]
    public ConsentDecision Cached()
    {
        var pending = _cachedService.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "GetDecisionAsync, cache off (in-memory store)")]
    public ConsentDecision Uncached() => _uncachedService.GetDecisionAsync(Subject, ConsentPurposes.NewsAndOffers).AsTask().GetAwaiter().GetResult();

    private static ServiceProvider Build(TimeSpan cacheDuration)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "Benchmark operator";
            o.Consent.CacheDuration = cacheDuration;
        }).UseInMemoryFieldKeys().UseInMemoryStores();
        var provider = services.BuildServiceProvider();
        var policies = provider.GetRequiredService<IPolicyRegistry>();
        policies.PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material }).AsTask().GetAwaiter().GetResult();
        provider.GetRequiredService<IConsentService>().GrantAsync(new ConsentRequest
        {
            SubjectId = Subject,
            Purpose = ConsentPurposes.NewsAndOffers,
            PolicyVersion = 1,
            Language = "ru",
        }).AsTask().GetAwaiter().GetResult();
        return provider;
    }
}
