using HrPlus.Privacy.Disclosures;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// An optional capability of a store package whose audit store and disclosure store keep their tables in one database:
/// a unit of work whose audit appends and disclosure writes commit together or not at all.
/// </summary>
/// <remarks>
/// The EF Core stores register one (the stores of one context share its database). The unit holds the audit trail's append
/// lock from its first write to its commit, so appends stay serialized across instances, and each append inside it chains
/// on the entry before it. Hosts with other stores get none, and a release records its disclosures first and its Export
/// entry after them (see <see cref="Depersonalization.IDepersonalizer"/>).
/// </remarks>
internal interface IStoreTransactions
{
    /// <summary>Whether both stores keep their tables in this unit's database, so that one transaction covers them.</summary>
    bool Covers(IAuditStore audit, IDisclosureStore disclosures);

    /// <summary>
    /// Runs <paramref name="work"/> with an audit store and a disclosure store bound to one transaction; commits when it
    /// returns, rolls back (and rethrows) when it throws. The work may run again when a concurrent writer forces a retry, so
    /// it must start from nothing each time.
    /// </summary>
    Task<T> RunAsync<T>(Func<IAuditStore, IDisclosureStore, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
