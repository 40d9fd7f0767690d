using HrPlus.Privacy.EntityFrameworkCore.Storage;
using HrPlus.Privacy.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Consent;

/// <summary>
/// Keeps policy versions in <c>hrplus_policy_versions</c> and <c>hrplus_policy_texts</c>. Every read checks each
/// text against its recorded SHA-256, so an edited text is reported instead of being shown as the published one.
/// </summary>
internal sealed class EntityFrameworkCorePolicyStore<TContext>(IServiceScopeFactory scopes, HrPlus.Privacy.EntityFrameworkCore.Changes.PostgresChangeNotifications notifications) : IPolicyStore
    where TContext : DbContext
{
    public async ValueTask<IReadOnlyList<PolicyVersion>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var call = StoreScope<TContext>.Open(scopes, "policies", "get_all");
        return await call.Read<PolicyVersionEntity>().Include(p => p.Texts).OrderBy(p => p.Version).MapToListAsync(ToVersion, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryAddAsync(PolicyVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var call = StoreScope<TContext>.Open(scopes, "policies", "try_add");
        var row = new PolicyVersionEntity
        {
            Version = version.Version,
            PublishedAt = version.PublishedAt,
            EffectiveFrom = version.EffectiveFrom,
            ChangeKind = (int)version.ChangeKind,
            ChangeSummary = version.ChangeSummary,
            Texts = [.. version.Texts.Select(t => new PolicyTextEntity { Version = version.Version, Language = t.Language, Content = t.Content, ContentHash = t.ContentHash })],
        };

        // Another instance may publish this number between the check and the insert: the store's key refuses the second.
        if (!await call.TryInsertAsync(row, p => p.Version == version.Version, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await notifications.NotifyAsync(call.Context, HrPlus.Privacy.Changes.PrivacyChange.Policies, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static PolicyVersion ToVersion(PolicyVersionEntity row)
    {
        var texts = new List<PolicyText>(row.Texts.Count);
        foreach (var textRow in row.Texts.OrderBy(t => t.Language, StringComparer.Ordinal))
        {
            var text = new PolicyText(textRow.Language, textRow.Content);
            if (!string.Equals(text.ContentHash, textRow.ContentHash, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The stored text of policy version {row.Version} in \"{textRow.Language}\" does not match its recorded SHA-256: the table hrplus_policy_texts was altered after publication.");
            }

            texts.Add(text);
        }

        return new PolicyVersion
        {
            Version = row.Version,
            PublishedAt = row.PublishedAt.ToUniversalTime(),
            EffectiveFrom = row.EffectiveFrom.ToUniversalTime(),
            ChangeKind = (PolicyChangeKind)row.ChangeKind,
            ChangeSummary = row.ChangeSummary,
            Texts = texts,
        };
    }
}
