using System.Collections.Concurrent;
using System.Net;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Consent;

/// <summary>The consent service over an <see cref="IConsentLedgerStore"/> and the policy registry.</summary>
internal sealed class ConsentService(
    IConsentLedgerStore store,
    PolicyRegistry policies,
    IPseudonymizer pseudonymizer,
    TimeProvider time,
    IOptions<PrivacyOptions> options,
    Subjects.SubjectBlockList blocks,
    Diagnostics.PrivacyMetrics? metrics = null,
    Audit.EvidenceProofs? proofs = null) : IConsentService
{
    /// <summary>The pseudonym domain of consent evidence addresses.</summary>
    public const string EvidenceDomain = "consent-evidence";

    /// <summary>The earliest birth date a grant accepts (1 January 1900); an earlier one is a typing error.</summary>
    internal static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    private const int MaxUserAgentLength = 512;
    private const int MaxDataCategories = 64;
    private readonly ConcurrentDictionary<(string Subject, string Purpose), CachedLatest> _cache = new();

    private ConsentOptions Options => options.Value.Consent;

    public async ValueTask<ConsentEvent> GrantAsync(ConsentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubjectIds.Validate(request.SubjectId, nameof(request));
        ArgumentNullException.ThrowIfNull(request.GivenBy);
        var purpose = FindPurpose(request.Purpose);
        if (blocks.IsBlocked(request.SubjectId))
        {
            throw new ConsentRejectedException(ConsentRejectionReason.SubjectBlocked, "The subject's data is blocked while a request about it is checked; consent cannot be recorded until the block ends.");
        }

        var categories = ValidateCategories(request.DataCategories);
        ValidateEnum(request.Channel);
        var consentOptions = Options;
        var operatorName = consentOptions.OperatorName
            ?? throw new ConsentRejectedException(
                ConsentRejectionReason.OperatorNotConfigured,
                "Set PrivacyOptions.Consent.OperatorName (and OperatorBin) before recording consents: Law 94-V Art. 8(4) requires the operator in every consent.");

        var now = Timestamps.Normalize(time.GetUtcNow());
        var snapshot = await policies.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var policy = snapshot.Find(request.PolicyVersion) ?? (await policies.GetVersionAsync(request.PolicyVersion, cancellationToken).ConfigureAwait(false))
            ?? throw new ConsentRejectedException(ConsentRejectionReason.UnknownPolicyVersion, $"Policy version {request.PolicyVersion} was never published.");
        if (policy.EffectiveFrom > now)
        {
            throw new ConsentRejectedException(ConsentRejectionReason.PolicyNotInEffect, $"Policy version {policy.Version} takes effect at {policy.EffectiveFrom:O}; consent cannot refer to it before then.");
        }

        var text = policy.GetText(request.Language ?? string.Empty)
            ?? throw new ConsentRejectedException(ConsentRejectionReason.LanguageNotPublished, $"Policy version {policy.Version} has no text in the language given.");
        var expiresAt = Timestamps.Normalize(request.ExpiresAt);
        if (expiresAt <= now)
        {
            throw new ConsentRejectedException(ConsentRejectionReason.TermInThePast, "The consent's term ends before it is given.");
        }

        var adultFrom = CheckMinorRules(request, LocalDate(now));
        var pending = new ConsentEvent
        {
            EventId = Guid.CreateVersion7(now),
            Kind = ConsentEventKind.Granted,
            SubjectId = request.SubjectId,
            Purpose = purpose.Code,
            OccurredAt = now,
            PolicyVersion = policy.Version,
            PolicyTextHash = text.ContentHash,
            Language = text.Language,
            GivenBy = request.GivenBy.Kind,
            RepresentativeId = request.GivenBy.RepresentativeId,
            Relationship = request.GivenBy.Relationship,
            MinorAlsoAgreed = request.MinorAlsoAgreed,
            Channel = request.Channel,
            EvidenceIpAddress = Evidence(request.IpAddress),
            EvidenceUserAgent = SafeText.EscapeAndTruncate(PersonalDataFinder.Mask(request.UserAgent), MaxUserAgentLength),
            OperatorName = operatorName,
            OperatorBin = consentOptions.OperatorBin,
            ExpiresAt = expiresAt,
            DataCategories = categories,
            ThirdPartyTransfer = request.ThirdPartyTransfer,
            CrossBorderTransfer = request.CrossBorderTransfer,
            PublicSources = request.PublicSources,
            SubjectAdultFrom = adultFrom,
        };
        return Remember(await store.AppendAsync(pending, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<ConsentEvent> WithdrawAsync(ConsentWithdrawal request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        SubjectIds.Validate(request.SubjectId, nameof(request));
        ArgumentNullException.ThrowIfNull(request.GivenBy);
        var purpose = FindPurpose(request.Purpose);
        ValidateEnum(request.Channel);
        var latest = await store.FindLatestAsync(request.SubjectId, purpose.Code, null, cancellationToken).ConfigureAwait(false);
        if (latest is not { Kind: ConsentEventKind.Granted })
        {
            throw new ConsentRejectedException(ConsentRejectionReason.NothingToWithdraw, "There is no consent to this purpose to withdraw.");
        }

        var now = Timestamps.Normalize(time.GetUtcNow());
        var pending = latest with
        {
            Sequence = 0,
            EventId = Guid.CreateVersion7(now),
            Kind = ConsentEventKind.Withdrawn,
            OccurredAt = now,
            GivenBy = request.GivenBy.Kind,
            RepresentativeId = request.GivenBy.RepresentativeId,
            Relationship = request.GivenBy.Relationship,
            MinorAlsoAgreed = false,
            Channel = request.Channel,
            EvidenceIpAddress = Evidence(request.IpAddress),
            EvidenceUserAgent = SafeText.EscapeAndTruncate(PersonalDataFinder.Mask(request.UserAgent), MaxUserAgentLength),
            PreviousHash = string.Empty,
            Hash = string.Empty,
        };
        return Remember(await store.AppendAsync(pending, cancellationToken).ConfigureAwait(false));
    }

    public ValueTask<ConsentDecision> GetDecisionAsync(string subjectId, string purpose, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(purpose);
        var now = time.GetUtcNow();
        var instant = at ?? now;

        // A block is about the present: nothing that needs consent runs while it lasts (policy clause 6.2.4).
        if (instant >= now && blocks.IsBlocked(subjectId))
        {
            return ValueTask.FromResult(Counted(ConsentDecision.Blocked));
        }

        if (policies.TryGetFreshSnapshot(out var snapshot)
            && _cache.TryGetValue((subjectId, purpose), out var cached)
            && time.GetElapsedTime(cached.LoadedAt) < Options.CacheDuration
            && (cached.Latest is null || cached.Latest.OccurredAt <= instant))
        {
            return ValueTask.FromResult(Counted(Evaluate(cached.Latest, snapshot, instant)));
        }

        return CountedAsync(GetDecisionSlowAsync(subjectId, purpose, instant, at is null, cancellationToken));
    }

    public ValueTask<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return store.GetHistoryAsync(subjectId, cancellationToken);
    }

    public async ValueTask<ConsentReceipt?> GetReceiptAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        var consentEvent = await store.FindAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (consentEvent is null)
        {
            return null;
        }

        Options.Purposes.TryGet(consentEvent.Purpose, out var purpose);
        var evidence = proofs is null ? null : await proofs.ForConsentEventAsync(consentEvent.Sequence, cancellationToken).ConfigureAwait(false);
        return new ConsentReceipt(consentEvent, purpose, evidence);
    }

    public ValueTask<ChainVerificationResult> VerifyAsync(CancellationToken cancellationToken = default) =>
        ConsentChain.VerifyAsync(store.ReadAllAsync(cancellationToken), cancellationToken);

    /// <summary>The decision rules, applied to the latest event at or before <paramref name="at"/>.</summary>
    internal ConsentDecision Evaluate(ConsentEvent? latest, PolicySnapshot snapshot, DateTimeOffset at)
    {
        if (latest is null)
        {
            return ConsentDecision.NotGiven;
        }

        if (latest.Kind == ConsentEventKind.Withdrawn)
        {
            return ConsentDecision.Withdrawn;
        }

        if (latest.ExpiresAt is { } expires && expires <= at)
        {
            return ConsentDecision.Expired;
        }

        if (latest.GivenBy == ConsentGiverKind.Representative && latest.SubjectAdultFrom is { } adultFrom && LocalDate(at) >= adultFrom)
        {
            return ConsentDecision.ReconsentRequired;
        }

        return snapshot.HasMaterialChangeAfter(latest.PolicyVersion, at) ? ConsentDecision.ReconsentRequired : ConsentDecision.Granted;
    }

    private async ValueTask<ConsentDecision> GetDecisionSlowAsync(string subjectId, string purpose, DateTimeOffset instant, bool isNow, CancellationToken cancellationToken)
    {
        var snapshot = await policies.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (isNow)
        {
            var loadedAt = time.GetTimestamp();
            var latest = await store.FindLatestAsync(subjectId, purpose, null, cancellationToken).ConfigureAwait(false);
            Cache(subjectId, purpose, new CachedLatest(latest, loadedAt), replaceNewer: true);
            return Evaluate(latest is not null && latest.OccurredAt > instant ? await store.FindLatestAsync(subjectId, purpose, instant, cancellationToken).ConfigureAwait(false) : latest, snapshot, instant);
        }

        var asOf = await store.FindLatestAsync(subjectId, purpose, instant, cancellationToken).ConfigureAwait(false);
        return Evaluate(asOf, snapshot, instant);
    }

    /// <summary>Drops every cached decision (another instance recorded a consent change); the next check reads the store.</summary>
    internal void ForgetCachedDecisions() => _cache.Clear();

    private ConsentDecision Counted(ConsentDecision decision)
    {
        metrics?.ConsentDecided(decision);
        return decision;
    }

    private async ValueTask<ConsentDecision> CountedAsync(ValueTask<ConsentDecision> decision) => Counted(await decision.ConfigureAwait(false));

    private ConsentEvent Remember(ConsentEvent appended)
    {
        metrics?.LedgerAppended(appended.Kind);
        Cache(appended.SubjectId, appended.Purpose, new CachedLatest(appended, time.GetTimestamp()), replaceNewer: false);
        return appended;
    }

    private void Cache(string subjectId, string purpose, CachedLatest entry, bool replaceNewer)
    {
        if (Options.MaxCachedDecisions == 0)
        {
            return;
        }

        if (_cache.Count >= Options.MaxCachedDecisions)
        {
            // Crude but bounded: a full cache starts over; entries are cheap to reload.
            _cache.Clear();
        }

        _cache.AddOrUpdate(
            (subjectId, purpose),
            entry,
            (_, existing) => replaceNewer || existing.Latest is null || entry.Latest is null || entry.Latest.Sequence >= existing.Latest.Sequence ? entry : existing);
    }

    private ConsentPurpose FindPurpose(string? code) =>
        Options.Purposes.TryGet(code, out var purpose)
            ? purpose
            : throw new ConsentRejectedException(ConsentRejectionReason.UnknownPurpose, "The purpose is not in the catalogue (PrivacyOptions.Consent.Purposes).");

    private DateOnly? CheckMinorRules(ConsentRequest request, DateOnly today)
    {
        if (request.SubjectBirthDate is not { } birth)
        {
            if (request.MinorAlsoAgreed)
            {
                throw new ArgumentException("A minor's own agreement can only be recorded with the subject's birth date.", nameof(request));
            }

            return null;
        }

        if (birth > today)
        {
            throw new ArgumentException("The subject's birth date is in the future.", nameof(request));
        }

        if (birth < EarliestBirthDate)
        {
            throw new ArgumentException("The subject's birth date is before 1900: no living subject has it.", nameof(request));
        }

        var age = AgeOn(birth, today);
        var byRepresentative = request.GivenBy.Kind == ConsentGiverKind.Representative;
        if (age < 14 && !byRepresentative)
        {
            throw new ConsentRejectedException(ConsentRejectionReason.SubjectUnder14, "The subject is under 14: only a parent or guardian can consent for them.");
        }

        if (age < 18 && !byRepresentative)
        {
            throw new ConsentRejectedException(ConsentRejectionReason.RepresentativeRequired, "The subject is a minor (14 to 18): their legal representative's consent is required; the minor's own agreement can be recorded beside it.");
        }

        if (request.MinorAlsoAgreed && (age < 14 || age >= 18 || !byRepresentative))
        {
            throw new ArgumentException("A minor's own agreement is recorded only for a subject from 14 to 18, beside a representative's consent.", nameof(request));
        }

        // A representative's consent for a minor lasts until the subject comes of age; for an adult under guardianship
        // it does not end by age.
        return byRepresentative && age < 18 ? AdultFrom(birth) : null;
    }

    /// <summary>The operator's local date at <paramref name="instant"/> (<see cref="ConsentOptions.LocalUtcOffset"/>).</summary>
    internal DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Options.LocalUtcOffset).DateTime);

    private string? Evidence(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        return Options.EvidenceIpAddress switch
        {
            IpAddressMode.Truncated => IpAddressAnonymizer.Truncate(address).ToString(),
            IpAddressMode.Pseudonymized => pseudonymizer.PseudonymizeIpAddress(address, EvidenceDomain),
            IpAddressMode.Full => IpAddressAnonymizer.Normalize(address).ToString(),
            _ => null,
        };
    }

    private static string[] ValidateCategories(IReadOnlyList<string>? categories)
    {
        if (categories is null || categories.Count == 0)
        {
            return [];
        }

        if (categories.Count > MaxDataCategories)
        {
            throw new ArgumentException($"At most {MaxDataCategories} data categories.", nameof(categories));
        }

        foreach (var category in categories)
        {
            if (!ConsentPurpose.IsValidCode(category))
            {
                throw new ArgumentException("A data category is 1 to 64 lower-case ASCII letters, digits and hyphens, e.g. \"full-name\".", nameof(categories));
            }
        }

        return [.. categories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static void ValidateEnum<T>(T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{typeof(T).Name} has no such value.");
        }
    }

    /// <summary>Whole years completed on <paramref name="date"/> (a 29 February birthday completes on 1 March).</summary>
    internal static int AgeOn(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        if (date.Month < birth.Month || (date.Month == birth.Month && date.Day < birth.Day))
        {
            age--;
        }

        return age;
    }

    /// <summary>The first day on which <see cref="AgeOn"/> is 18.</summary>
    internal static DateOnly AdultFrom(DateOnly birth)
    {
        var day = birth.AddYears(18);
        return day.Day != birth.Day ? day.AddDays(1) : day;
    }

    private sealed record CachedLatest(ConsentEvent? Latest, long LoadedAt);
}
