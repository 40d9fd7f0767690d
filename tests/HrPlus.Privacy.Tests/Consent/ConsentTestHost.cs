using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Consent;

/// <summary>One app instance with in-memory (or shared) stores and a fake clock.</summary>
internal sealed class ConsentTestHost : IDisposable
{
    public const string OperatorName = "ТОО «HR+ Мониторинг»";
    public const string OperatorBin = "150340000015";

    private readonly ServiceProvider _provider;

    public ConsentTestHost(FakeTimeProvider? time = null, IPolicyStore? policyStore = null, IConsentLedgerStore? ledger = null, Action<PrivacyOptions>? configure = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero));
        PolicyStore = policyStore ?? new InMemoryPolicyStore();
        Ledger = ledger ?? new InMemoryConsentLedgerStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = OperatorName;
            o.Consent.OperatorBin = OperatorBin;
            configure?.Invoke(o);
        }).UseInMemoryFieldKeys().UseInMemoryStores();
        services.AddSingleton(PolicyStore);
        services.AddSingleton(Ledger);
        _provider = services.BuildServiceProvider();
        Policies = _provider.GetRequiredService<IPolicyRegistry>();
        Consents = _provider.GetRequiredService<IConsentService>();
    }

    public FakeTimeProvider Time { get; }

    public IPolicyStore PolicyStore { get; }

    public IConsentLedgerStore Ledger { get; }

    public IPolicyRegistry Policies { get; }

    public IConsentService Consents { get; }

    public IServiceProvider Services => _provider;

    public static PolicyDraft Draft(PolicyChangeKind kind, string marker = "v", DateTimeOffset? effectiveFrom = null) => new()
    {
        Texts =
        [
            new PolicyText("kk", $"Құпиялылық саясаты ({marker})"),
            new PolicyText("ru", $"Политика конфиденциальности ({marker})"),
            new PolicyText("en", $"Privacy policy ({marker})"),
        ],
        ChangeKind = kind,
        EffectiveFrom = effectiveFrom,
        ChangeSummary = marker,
    };

    public static ConsentRequest Request(string subject, string purpose, int version, DateOnly? birthDate = null, ConsentGiver? givenBy = null, DateTimeOffset? expiresAt = null) => new()
    {
        SubjectId = subject,
        Purpose = purpose,
        PolicyVersion = version,
        Language = "ru",
        SubjectBirthDate = birthDate,
        GivenBy = givenBy ?? ConsentGiver.Subject,
        ExpiresAt = expiresAt,
        DataCategories = ["full-name", "iin"],
    };

    public void Dispose() => _provider.Dispose();
}
