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
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("breaches", "add");
        ArgumentNullException.ThrowIfNull(incident);
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        context.Add(ToEntity(incident, new BreachIncidentEntity()));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UpdateAsync(BreachIncident incident, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("breaches", "update");
        ArgumentNullException.ThrowIfNull(incident);
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var row = await context.Set<BreachIncidentEntity>().SingleOrDefaultAsync(b => b.Id == incident.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException("There is no such breach incident.");
        ToEntity(incident, row);
        row.Version++;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreachIncident?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("breaches", "find");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var row = await context.Set<BreachIncidentEntity>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToIncident(row);
    }

    public async ValueTask<IReadOnlyList<BreachIncident>> ListUnnotifiedAsync(CancellationToken cancellationToken)
    {
        using var activity = HrPlus.Privacy.Diagnostics.PrivacyActivities.StartStore("breaches", "list_unnotified");
        await using var scope = scopes.CreateAsyncScope();
        var context = PrivacyStoreContext.Get<TContext>(scope.ServiceProvider);
        var rows = await context.Set<BreachIncidentEntity>().AsNoTracking().Where(b => b.AuthorityNotifiedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToIncident).OrderBy(i => i.AuthorityDeadline)];
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
