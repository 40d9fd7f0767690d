using HrPlus.Privacy.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Consent;

/// <summary>
/// Keeps the consent ledger in <c>hrplus_consent_events</c>. Appends are serialized across every instance sharing the
/// database (<see cref="SerializedAppend"/>): the tail is read and the event sealed inside the write transaction.
/// </summary>
internal sealed class EntityFrameworkCoreConsentLedgerStore<TContext>(IServiceScopeFactory scopes, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications notifications) : IConsentLedgerStore
    where TContext : DbContext
{
    /// <summary>The PostgreSQL advisory lock key of the consent ledger ("HP" + 1).</summary>
    internal const long LockKey = 0x4850_0001;

    public async ValueTask<ConsentEvent> AppendAsync(ConsentEvent pending, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("consents", "append");
        ArgumentNullException.ThrowIfNull(pending);
        var appended = await ChainTable.AppendAsync<TContext, ConsentEventEntity, ConsentEvent>(
            scopes, LockKey, (sequence, hash) => ConsentChain.Seal(pending, sequence, hash), ToEntity, cancellationToken).ConfigureAwait(false);
        await notifications.NotifyAsync<TContext>(scopes, HrPlus.Privacy.Changes.PrivacyChange.Consents, cancellationToken).ConfigureAwait(false);
        return appended;
    }

    public async ValueTask<ConsentEvent?> FindLatestAsync(string subjectId, string purpose, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "consents", "find_latest");
        var query = call.Read<ConsentEventEntity>().Where(e => e.SubjectId == subjectId && e.Purpose == purpose);
        if (asOf is null)
        {
            return await ChainTable.ReadLastAsync(query, ToEvent, cancellationToken).ConfigureAwait(false);
        }

        // A subject has few events per purpose; filtering the time here keeps the query portable (SQLite cannot
        // compare DateTimeOffset values in SQL).
        var events = await ChainTable.ReadInOrderAsync(query, ToEvent, cancellationToken).ConfigureAwait(false);
        return events.LastOrDefault(e => e.OccurredAt <= asOf.Value);
    }

    public async ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "consents", "get_history");
        return await ChainTable.ReadInOrderAsync(call.Read<ConsentEventEntity>().Where(e => e.SubjectId == subjectId), ToEvent, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ConsentEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "consents", "find");
        return await call.FindAsync<ConsentEventEntity, ConsentEvent>(e => e.EventId == eventId, ToEvent, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<ConsentEvent> ReadAllAsync(CancellationToken cancellationToken) =>
        ChainTable.ReadAllAsync<TContext, ConsentEventEntity, ConsentEvent>(scopes, ToEvent, cancellationToken);

    public IAsyncEnumerable<ConsentEvent> ReadEndedAsync(string purpose, DateTimeOffset asOf, DateTimeOffset endedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        return ConsentRetention.EndedAsync(ReadPurposeAsync(purpose, cancellationToken), purpose, asOf, endedBy, cancellationToken);
    }

    // The purpose's events only, by its index; times are compared in memory (SQLite cannot compare DateTimeOffset in SQL).
    private async IAsyncEnumerable<ConsentEvent> ReadPurposeAsync(string purpose, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes);
        await foreach (var row in call.Read<ConsentEventEntity>().Where(e => e.Purpose == purpose).OrderBy(e => e.Sequence)
            .AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ToEvent(row);
        }
    }

    internal static ConsentEventEntity ToEntity(ConsentEvent e) => new()
    {
        Sequence = e.Sequence,
        EventId = e.EventId,
        Kind = (int)e.Kind,
        SubjectId = e.SubjectId,
        Purpose = e.Purpose,
        OccurredAt = e.OccurredAt,
        PolicyVersion = e.PolicyVersion,
        PolicyTextHash = e.PolicyTextHash,
        Language = e.Language,
        GivenBy = (int)e.GivenBy,
        RepresentativeId = e.RepresentativeId,
        Relationship = (int)e.Relationship,
        MinorAlsoAgreed = e.MinorAlsoAgreed,
        Channel = (int)e.Channel,
        EvidenceIpAddress = e.EvidenceIpAddress,
        EvidenceUserAgent = e.EvidenceUserAgent,
        OperatorName = e.OperatorName,
        OperatorBin = e.OperatorBin,
        ExpiresAt = e.ExpiresAt,
        DataCategories = string.Join(',', e.DataCategories),
        ThirdPartyTransfer = e.ThirdPartyTransfer,
        CrossBorderTransfer = e.CrossBorderTransfer,
        PublicSources = e.PublicSources,
        SubjectAdultFrom = e.SubjectAdultFrom,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };

    internal static ConsentEvent ToEvent(ConsentEventEntity row) => new()
    {
        Sequence = row.Sequence,
        EventId = row.EventId,
        Kind = (ConsentEventKind)row.Kind,
        SubjectId = row.SubjectId,
        Purpose = row.Purpose,
        OccurredAt = row.OccurredAt.ToUniversalTime(),
        PolicyVersion = row.PolicyVersion,
        PolicyTextHash = row.PolicyTextHash,
        Language = row.Language,
        GivenBy = (ConsentGiverKind)row.GivenBy,
        RepresentativeId = row.RepresentativeId,
        Relationship = (RepresentativeRelationship)row.Relationship,
        MinorAlsoAgreed = row.MinorAlsoAgreed,
        Channel = (ConsentChannel)row.Channel,
        EvidenceIpAddress = row.EvidenceIpAddress,
        EvidenceUserAgent = row.EvidenceUserAgent,
        OperatorName = row.OperatorName,
        OperatorBin = row.OperatorBin,
        ExpiresAt = row.ExpiresAt?.ToUniversalTime(),
        DataCategories = row.DataCategories.Length == 0 ? [] : row.DataCategories.Split(','),
        ThirdPartyTransfer = row.ThirdPartyTransfer,
        CrossBorderTransfer = row.CrossBorderTransfer,
        PublicSources = row.PublicSources,
        SubjectAdultFrom = row.SubjectAdultFrom,
        PreviousHash = row.PreviousHash,
        Hash = row.Hash,
    };
}
