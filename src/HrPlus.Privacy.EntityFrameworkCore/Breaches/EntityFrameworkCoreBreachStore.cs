using HrPlus.Privacy.EntityFrameworkCore.Storage;
using System.Text.Json;
using HrPlus.Privacy.Breaches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Breaches;

/// <summary>Keeps breach incidents in <c>hrplus_breach_incidents</c>; updates are guarded by a version column.</summary>
internal sealed class EntityFrameworkCoreBreachStore<TContext>(IServiceScopeFactory scopes) : IBreachStore
    where TContext : DbContext
{
    public async ValueTask AddAsync(BreachIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var call = StoreScope<TContext>.Open(scopes, "breaches", "add");
        await call.InsertAsync(ToEntity(incident, new BreachIncidentEntity()), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(BreachIncident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var call = StoreScope<TContext>.Open(scopes, "breaches", "update");
        await call.UpdateAsync<BreachIncidentEntity>(b => b.Id == incident.Id, "There is no such breach incident.", row => ToNextVersion(incident, row), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<BreachIncident?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "breaches", "find");
        return await call.FindAsync<BreachIncidentEntity, BreachIncident>(b => b.Id == id, ToIncident, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BreachIncident>> ListUnnotifiedAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "breaches", "list_unnotified");
        var incidents = await call.Read<BreachIncidentEntity>().Where(b => b.AuthorityNotifiedAt == null).MapToListAsync(ToIncident, cancellationToken).ConfigureAwait(false);
        return [.. incidents.OrderBy(i => i.AuthorityDeadline)];
    }

    private static BreachIncidentEntity ToEntity(BreachIncident i, BreachIncidentEntity row)
    {
        row.Id = i.Id;
        row.DiscoveredAt = i.DiscoveredAt;
        row.RegisteredAt = i.RegisteredAt;
        row.Description = i.Description;
        row.DataCategories = string.Join(',', i.DataCategories);
        row.AffectedSubjects = JsonSerializer.Serialize(i.AffectedSubjects);
        row.ReportedBy = i.ReportedBy;
        row.AuthorityDeadline = i.AuthorityDeadline;
        row.AuthorityNotifiedAt = i.AuthorityNotifiedAt;
        row.AuthorityReference = i.AuthorityReference;
        row.SubjectNotifications = JsonSerializer.Serialize(i.SubjectNotifications.Select(n => new NotificationRow(n.SubjectId, n.At.UtcTicks, n.Delivered)));
        return row;
    }

    // The version column guards the update: a writer that read the row before this one fails its save.
    private static void ToNextVersion(BreachIncident incident, BreachIncidentEntity row)
    {
        ToEntity(incident, row);
        row.Version++;
    }

    private static BreachIncident ToIncident(BreachIncidentEntity row) => new()
    {
        Id = row.Id,
        DiscoveredAt = row.DiscoveredAt.ToUniversalTime(),
        RegisteredAt = row.RegisteredAt.ToUniversalTime(),
        Description = row.Description,
        DataCategories = row.DataCategories.Length == 0 ? [] : row.DataCategories.Split(','),
        AffectedSubjects = JsonSerializer.Deserialize<string[]>(row.AffectedSubjects) ?? [],
        ReportedBy = row.ReportedBy,
        AuthorityDeadline = row.AuthorityDeadline.ToUniversalTime(),
        AuthorityNotifiedAt = row.AuthorityNotifiedAt?.ToUniversalTime(),
        AuthorityReference = row.AuthorityReference,
        SubjectNotifications = [.. (JsonSerializer.Deserialize<NotificationRow[]>(row.SubjectNotifications) ?? [])
            .Select(n => new SubjectNotification(n.SubjectId, new DateTimeOffset(n.AtTicks, TimeSpan.Zero), n.Delivered))],
    };

    private sealed record NotificationRow(string SubjectId, long AtTicks, bool Delivered);
}
