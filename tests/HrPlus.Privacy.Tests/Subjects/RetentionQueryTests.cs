using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary>The retention query asks the ledger store per purpose and end time; it never reads the whole ledger.</summary>
public sealed class RetentionQueryTests
{
    [Fact]
    public async Task DueForDestruction_QueriesTheStorePerPurposeAndEndTime_NeverTheWholeLedger()
    {
        var ledger = new CountingLedger();
        using var host = new SubjectTestHost(
            configure: o =>
            {
                o.Subjects.RetentionTerms[ConsentPurposes.NewsAndOffers] = TimeSpan.FromDays(30);
                o.Subjects.RetentionTerms[ConsentPurposes.Advertising] = TimeSpan.MaxValue;
            },
            services: s => s.AddSingleton<IConsentLedgerStore>(ledger));
        var start = host.Time.GetUtcNow();
        await host.Policies.PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика")], ChangeKind = PolicyChangeKind.Material });
        await host.Consents.GrantAsync(Grant("parent-1", ConsentPurposes.NewsAndOffers));
        await host.Consents.GrantAsync(Grant("parent-2", ConsentPurposes.NewsAndOffers));
        await host.Consents.GrantAsync(Grant("parent-3", ConsentPurposes.Advertising));
        host.Time.Advance(TimeSpan.FromDays(1));
        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-1", Purpose = ConsentPurposes.NewsAndOffers });
        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "parent-3", Purpose = ConsentPurposes.Advertising });
        await host.Consents.GrantAsync(Grant("parent-1", ConsentPurposes.Advertising));
        ledger.Queries.Clear();

        var due = await host.Erasure.GetDueForDestructionAsync(start.AddDays(31));

        var only = Assert.Single(due);
        Assert.Equal(new RetentionDue("parent-1", ConsentPurposes.NewsAndOffers, start.AddDays(1), start.AddDays(31), start.AddDays(32)), only);
        Assert.Equal(0, ledger.FullReads);
        Assert.Equal(
            [(ConsentPurposes.NewsAndOffers, start.AddDays(31), start.AddDays(1)), (ConsentPurposes.Advertising, start.AddDays(31), DateTimeOffset.MinValue)],
            ledger.Queries.OrderByDescending(q => q.Purpose, StringComparer.Ordinal));
    }

    private static ConsentRequest Grant(string subject, string purpose) => new() { SubjectId = subject, Purpose = purpose, PolicyVersion = 1, Language = "ru" };

    private sealed class CountingLedger : IConsentLedgerStore
    {
        private readonly InMemoryConsentLedgerStore _inner = new();

        public int FullReads { get; private set; }

        public List<(string Purpose, DateTimeOffset AsOf, DateTimeOffset EndedBy)> Queries { get; } = [];

        public ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken) => _inner.AppendAsync(pending, cancellationToken);

        public ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken) =>
            _inner.FindLatestAsync(subjectId, purpose, asOf, cancellationToken);

        public ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken) => _inner.GetHistoryAsync(subjectId, cancellationToken);

        public ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken) => _inner.FindAsync(eventId, cancellationToken);

        public IAsyncEnumerable<ConsentEvent> ReadAllAsync(CancellationToken cancellationToken)
        {
            FullReads++;
            return _inner.ReadAllAsync(cancellationToken);
        }

        public IAsyncEnumerable<ConsentEvent> ReadEndedAsync(string purpose, DateTimeOffset asOf, DateTimeOffset endedBy, CancellationToken cancellationToken)
        {
            Queries.Add((purpose, asOf, endedBy));
            return _inner.ReadEndedAsync(purpose, asOf, endedBy, cancellationToken);
        }
    }
}
