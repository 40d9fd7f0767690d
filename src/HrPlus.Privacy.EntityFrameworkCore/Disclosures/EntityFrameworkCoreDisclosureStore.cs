using HrPlus.Privacy.EntityFrameworkCore.Storage;
using HrPlus.Privacy.Disclosures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Disclosures;

/// <summary>Keeps the disclosure log in <c>hrplus_disclosures</c> and <c>hrplus_disclosure_subjects</c>.</summary>
internal sealed class EntityFrameworkCoreDisclosureStore<TContext>(IServiceScopeFactory scopes) : IDisclosureStore
    where TContext : DbContext
{
    public async ValueTask AddAsync(Disclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        await using var call = StoreScope<TContext>.Open(scopes, "disclosures", "add");
        await call.InsertAsync(ToEntity(disclosure), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "disclosures", "get_by_subject");
        var ids = call.Context.Set<DisclosureSubjectEntity>().Where(s => s.SubjectId == subjectId).Select(s => s.DisclosureId);
        return await call.Read<DisclosureEntity>().Include(d => d.Subjects).Where(d => ids.Contains(d.Id))
            .OrderBy(d => d.DisclosedAtMicroseconds).MapToListAsync(ToDisclosure, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var start = Microseconds(from);
        var end = Microseconds(to);
        await using var call = StoreScope<TContext>.Open(scopes, "disclosures", "list");
        return await call.Read<DisclosureEntity>().Include(d => d.Subjects)
            .Where(d => d.DisclosedAtMicroseconds >= start && d.DisclosedAtMicroseconds < end)
            .OrderBy(d => d.DisclosedAtMicroseconds).MapToListAsync(ToDisclosure, cancellationToken).ConfigureAwait(false);
    }

    private static long Microseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    internal static DisclosureEntity ToEntity(Disclosure disclosure) => new()
    {
        Id = disclosure.Id,
        DisclosedAt = disclosure.DisclosedAt,
        DisclosedAtMicroseconds = Microseconds(disclosure.DisclosedAt),
        RecordedAt = disclosure.RecordedAt,
        Recipient = disclosure.Recipient,
        LegalBasis = disclosure.LegalBasis,
        DataCategories = string.Join(',', disclosure.DataCategories),
        AuthorizedBy = disclosure.AuthorizedBy,
        Subjects = [.. disclosure.Subjects.Select((s, i) => new DisclosureSubjectEntity { DisclosureId = disclosure.Id, SubjectId = s, Position = i })],
    };

    private static Disclosure ToDisclosure(DisclosureEntity row) => new()
    {
        Id = row.Id,
        DisclosedAt = row.DisclosedAt.ToUniversalTime(),
        RecordedAt = row.RecordedAt.ToUniversalTime(),
        Recipient = row.Recipient,
        LegalBasis = row.LegalBasis,
        DataCategories = row.DataCategories.Length == 0 ? [] : row.DataCategories.Split(','),
        Subjects = [.. row.Subjects.OrderBy(s => s.Position).Select(s => s.SubjectId)],
        AuthorizedBy = row.AuthorizedBy,
    };
}
