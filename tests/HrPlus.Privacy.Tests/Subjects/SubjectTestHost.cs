using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>One app instance over stores that several instances may share, with a fake clock.</summary>
internal sealed class SubjectTestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public SubjectTestHost(
        FakeTimeProvider? time = null,
        bool perSubjectKeys = true,
        SharedStores? shared = null,
        Action<PrivacyOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        params IPersonalDataSource[] sources)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero));
        Shared = shared ?? new SharedStores();
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddSingleton<IDataProtectionProvider>(Shared.DataProtection);
        collection.AddHrPlusPrivacy(o =>
        {
            o.Consent.OperatorName = "ТОО «HR+ Мониторинг»";
            o.Consent.OperatorBin = "150340000015";
            o.Encryption.PerSubjectKeys = perSubjectKeys;
            configure?.Invoke(o);
        }).UseInMemoryStores();
        collection.AddSingleton<IFieldKeyStore>(Shared.Keys);
        collection.AddSingleton<IBlockStore>(Shared.Blocks);
        collection.AddSingleton<IAccessLogStore>(Shared.AccessLog);
        collection.AddSingleton<IConsentLedgerStore>(Shared.Ledger);
        collection.AddSingleton<IPolicyStore>(Shared.Policies);
        collection.AddSingleton<IErasureStore>(Shared.Erasures);
        collection.AddSingleton<HrPlus.Privacy.Audit.IAuditStore>(Shared.Audit);
        foreach (var source in sources)
        {
            collection.AddSingleton(source);
        }

        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public SharedStores Shared { get; }

    public IServiceProvider Services => _provider;

    public IFieldEncryptor Encryptor => _provider.GetRequiredService<IFieldEncryptor>();

    public ISubjectBlocking Blocking => _provider.GetRequiredService<ISubjectBlocking>();

    public ISubjectErasure Erasure => _provider.GetRequiredService<ISubjectErasure>();

    public ISubjectDataExport Export => _provider.GetRequiredService<ISubjectDataExport>();

    public IConsentService Consents => _provider.GetRequiredService<IConsentService>();

    public IPolicyRegistry Policies => _provider.GetRequiredService<IPolicyRegistry>();

    public HrPlus.Privacy.Audit.IAuditTrail Audit => _provider.GetRequiredService<HrPlus.Privacy.Audit.IAuditTrail>();

    public void Dispose() => _provider.Dispose();

    /// <summary>What the instances of one deployment share: the database's stores and the DataProtection key ring.</summary>
    internal sealed class SharedStores
    {
        public IDataProtectionProvider DataProtection { get; } = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();

        public InMemoryFieldKeyStore Keys { get; } = new();

        public InMemoryBlockStore Blocks { get; } = new();

        public InMemoryAccessLogStore AccessLog { get; } = new();

        public InMemoryConsentLedgerStore Ledger { get; } = new();

        public InMemoryPolicyStore Policies { get; } = new();

        public InMemoryErasureStore Erasures { get; } = new();

        public HrPlus.Privacy.Audit.InMemoryAuditStore Audit { get; } = new();
    }
}

/// <summary>A host's table of pupils: what the SDK exports and erases through <see cref="IPersonalDataSource"/>.</summary>
internal sealed class PupilTable : IPersonalDataSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<PersonalDataRecord>> _rows = new(StringComparer.Ordinal);

    public string Name => "pupils";

    public List<string> Erased { get; } = [];

    public void Add(string subjectId, PersonalDataRecord record)
    {
        lock (_lock)
        {
            (_rows.TryGetValue(subjectId, out var list) ? list : _rows[subjectId] = []).Add(record);
        }
    }

    public ValueTask<IReadOnlyList<PersonalDataRecord>> ExportAsync(string subjectId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<PersonalDataRecord>>(_rows.TryGetValue(subjectId, out var list) ? [.. list] : []);
        }
    }

    public ValueTask<int> EraseAsync(string subjectId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Erased.Add(subjectId);
            return ValueTask.FromResult(_rows.Remove(subjectId, out var list) ? list.Count : 0);
        }
    }
}
