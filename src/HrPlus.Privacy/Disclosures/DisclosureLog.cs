using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Disclosures;

/// <summary>The disclosure log over an <see cref="IDisclosureStore"/>, writing the audit trail beside it.</summary>
internal sealed class DisclosureLog(IDisclosureStore store, IAuditTrail audit, TimeProvider time) : IDisclosureLog
{
    /// <summary>The most subjects one disclosure names.</summary>
    internal const int MaxSubjects = 10_000;

    /// <summary>The longest recipient name.</summary>
    internal const int MaxRecipientLength = 256;

    /// <summary>The longest legal basis.</summary>
    internal const int MaxLegalBasisLength = 512;

    /// <summary>Gets the store disclosures go to.</summary>
    internal IDisclosureStore Store => store;

    /// <summary>The same log over other stores: ones bound to a transaction (<see cref="Audit.IStoreTransactions"/>).</summary>
    internal DisclosureLog WithStores(IDisclosureStore other, IAuditTrail auditTrail) => new(other, auditTrail, time);

    public async ValueTask<Disclosure> RecordAsync(DisclosureRequest request, CancellationToken cancellationToken = default)
    {
        var now = Timestamps.Normalize(time.GetUtcNow());
        var disclosedAt = Validate(request, now);
        var disclosure = new Disclosure
        {
            Id = Guid.CreateVersion7(now),
            DisclosedAt = disclosedAt,
            RecordedAt = now,
            Recipient = request.Recipient,
            LegalBasis = request.LegalBasis,
            DataCategories = [.. request.DataCategories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Subjects = [.. request.Subjects.Distinct(StringComparer.Ordinal)],
            AuthorizedBy = request.AuthorizedBy,
        };
        await store.AddAsync(disclosure, cancellationToken).ConfigureAwait(false);
        foreach (var subject in disclosure.Subjects)
        {
            await audit.AppendAsync(
                new AuditEvent
                {
                    Operation = AuditOperation.Transfer,
                    Actor = disclosure.AuthorizedBy,
                    SubjectId = subject,
                    Purpose = "legal-obligation",
                    Target = "disclosure:" + disclosure.Id.ToString("D"),
                },
                cancellationToken).ConfigureAwait(false);
        }

        return disclosure;
    }

    public ValueTask<IReadOnlyList<Disclosure>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return store.GetBySubjectAsync(subjectId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Disclosure>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        store.ListAsync(from, to, cancellationToken);

    /// <summary>
    /// Every check <see cref="RecordAsync"/> makes before it writes, so a caller that records more than the disclosure (a
    /// depersonalized release) can refuse before writing anything.
    /// </summary>
    /// <returns>The normalized time of the transfer.</returns>
    internal static DateTimeOffset Validate(DisclosureRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckText(request.Recipient, MaxRecipientLength, nameof(request.Recipient));
        CheckText(request.LegalBasis, MaxLegalBasisLength, nameof(request.LegalBasis));
        SubjectIds.Validate(request.AuthorizedBy, nameof(request));
        if (request.Subjects is not { Count: > 0 and <= MaxSubjects })
        {
            throw new ArgumentException($"A disclosure names 1 to {MaxSubjects} subjects.", nameof(request));
        }

        foreach (var subject in request.Subjects)
        {
            SubjectIds.Validate(subject, nameof(request));
        }

        if (request.DataCategories is not { Count: > 0 } || request.DataCategories.Any(c => !ConsentPurpose.IsValidCode(c)))
        {
            throw new ArgumentException("A disclosure names at least one data category: lower-case codes such as \"full-name\".", nameof(request));
        }

        var disclosedAt = Timestamps.Normalize(request.DisclosedAt ?? now);
        return disclosedAt > now ? throw new ArgumentException("A disclosure cannot be recorded before it happens.", nameof(request)) : disclosedAt;
    }

    /// <summary>Refuses text the log would refuse: empty, longer than <paramref name="maxLength"/>, or with a control character.</summary>
    internal static void CheckText(string? value, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{name} is 1 to {maxLength} characters without control characters.", name);
        }
    }
}
