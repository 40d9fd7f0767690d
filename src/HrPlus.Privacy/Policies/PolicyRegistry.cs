using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Policies;

/// <summary>
/// The policy registry over an <see cref="IPolicyStore"/>. Versions are few and immutable, so they are cached as one
/// snapshot: refreshed on a local publish at once and from the store when older than
/// <see cref="Consent.ConsentOptions.CacheDuration"/> (the bound on how late another instance's publication is seen).
/// </summary>
internal sealed class PolicyRegistry(IPolicyStore store, TimeProvider time, IOptions<PrivacyOptions> options) : IPolicyRegistry
{
    private const int MaxPublishAttempts = 5;
    private const int MaxChangeSummaryLength = 4000;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile PolicySnapshot _snapshot = PolicySnapshot.Empty;

    public async ValueTask<PolicyVersion> PublishAsync(PolicyDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var texts = ValidateTexts(draft);
        if (draft.ChangeSummary is { Length: > MaxChangeSummaryLength })
        {
            throw new ArgumentException($"The change summary is longer than {MaxChangeSummaryLength} characters.", nameof(draft));
        }

        if (!Enum.IsDefined(draft.ChangeKind))
        {
            throw new ArgumentException("The change kind must be Material or Editorial.", nameof(draft));
        }

        for (var attempt = 0; attempt < MaxPublishAttempts; attempt++)
        {
            var existing = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var now = Timestamps.Normalize(time.GetUtcNow());
            var effectiveFrom = Timestamps.Normalize(draft.EffectiveFrom ?? now);
            if (effectiveFrom < now)
            {
                throw new ArgumentException("A policy version cannot take effect before it is published.", nameof(draft));
            }

            var previous = existing.Latest;
            if (previous is not null && effectiveFrom < previous.EffectiveFrom)
            {
                throw new ArgumentException(
                    $"Version {previous.Version + 1} cannot take effect before version {previous.Version} ({previous.EffectiveFrom:O}).", nameof(draft));
            }

            var version = new PolicyVersion
            {
                Version = (previous?.Version ?? 0) + 1,
                PublishedAt = now,
                EffectiveFrom = effectiveFrom,
                ChangeKind = draft.ChangeKind,
                ChangeSummary = draft.ChangeSummary,
                Texts = texts,
            };
            if (await store.TryAddAsync(version, cancellationToken).ConfigureAwait(false))
            {
                _snapshot = new PolicySnapshot([.. existing.Versions, version], time.GetTimestamp());
                return version;
            }

            // Another instance published this number first: read again and take the next one.
            _snapshot = PolicySnapshot.Empty;
        }

        throw new InvalidOperationException($"Could not publish a policy version after {MaxPublishAttempts} attempts: other instances kept publishing at the same time.");
    }

    public async ValueTask<PolicyVersion?> GetCurrentAsync(DateTimeOffset? at = null, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken).ConfigureAwait(false)).CurrentAt(at ?? time.GetUtcNow());

    public async ValueTask<PolicyVersion?> GetVersionAsync(int version, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken).ConfigureAwait(false)).Find(version);

    public async ValueTask<IReadOnlyList<PolicyVersion>> ListAsync(CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(cancellationToken).ConfigureAwait(false)).Versions;

    /// <summary>Gets the cached snapshot, reading the store when it is older than the cache duration.</summary>
    internal ValueTask<PolicySnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        return IsFresh(snapshot) ? ValueTask.FromResult(snapshot) : LoadIfStaleAsync(cancellationToken);
    }

    /// <summary>Reads the store now and replaces the snapshot (another instance published a version).</summary>
    internal async ValueTask ReloadAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Gets the cached snapshot when it is fresh, without touching the store.</summary>
    internal bool TryGetFreshSnapshot(out PolicySnapshot snapshot)
    {
        snapshot = _snapshot;
        return IsFresh(snapshot);
    }

    private bool IsFresh(PolicySnapshot snapshot) =>
        snapshot.LoadedAt != long.MinValue && time.GetElapsedTime(snapshot.LoadedAt) < options.Value.Consent.CacheDuration;

    private async ValueTask<PolicySnapshot> LoadIfStaleAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = _snapshot;
            return IsFresh(snapshot) ? snapshot : await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async ValueTask<PolicySnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await LoadCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async ValueTask<PolicySnapshot> LoadCoreAsync(CancellationToken cancellationToken)
    {
        var versions = await store.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var sorted = versions.OrderBy(v => v.Version).ToArray();
        var snapshot = new PolicySnapshot(sorted, time.GetTimestamp());
        _snapshot = snapshot;
        return snapshot;
    }

    private static PolicyText[] ValidateTexts(PolicyDraft draft)
    {
        if (draft.Texts is null || draft.Texts.Count == 0)
        {
            throw new ArgumentException("A policy version needs at least one text.", nameof(draft));
        }

        var texts = draft.Texts.OrderBy(t => t?.Language, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException("A policy text is null.", nameof(draft));
            }

            if (i > 0 && texts[i].Language == texts[i - 1].Language)
            {
                throw new ArgumentException($"There are two texts in the language \"{texts[i].Language}\".", nameof(draft));
            }
        }

        return texts;
    }
}
