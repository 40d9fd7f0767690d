using System.Security.Cryptography;
using System.Text;
using HrPlus.Privacy.Consent;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>The audit trail over an <see cref="IAuditStore"/>.</summary>
internal sealed class AuditTrail(IAuditStore store, TimeProvider time, IOptions<PrivacyOptions> options, Diagnostics.PrivacyMetrics? metrics = null, IServiceProvider? services = null) : IAuditTrail
{
    // Long enough for the reasons recorded as purposes: a block's (SubjectBlock.MaxReasonLength) and an erasure's.
    internal const int MaxPurposeLength = Subjects.SubjectBlock.MaxReasonLength;
    private const int MaxTargetLength = 256;
    private const int MaxDetailLength = 1000;

    /// <summary>Gets the store appends go to.</summary>
    internal IAuditStore Store => store;

    /// <summary>The same trail (checks, clock, metrics) over another store: one bound to a transaction (<see cref="IStoreTransactions"/>).</summary>
    internal AuditTrail WithStore(IAuditStore other) => new(other, time, options, metrics, services);

    public async ValueTask<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        SubjectIds.Validate(auditEvent.Actor, nameof(auditEvent));
        if (auditEvent.SubjectId is not null)
        {
            SubjectIds.Validate(auditEvent.SubjectId, nameof(auditEvent));
        }

        if (!Enum.IsDefined(auditEvent.Operation))
        {
            throw new ArgumentException("The operation is not an AuditOperation.", nameof(auditEvent));
        }

        if (auditEvent.Purpose is not null && (auditEvent.Purpose.Length > MaxPurposeLength || !IsPurposeText(auditEvent.Purpose)))
        {
            throw new ArgumentException($"The purpose is at most {MaxPurposeLength} characters without control characters other than tabs and line breaks.", nameof(auditEvent));
        }

        CheckText(auditEvent.Target, MaxTargetLength, "target");
        CheckText(auditEvent.Detail, MaxDetailLength, "detail");
        var now = Timestamps.Normalize(time.GetUtcNow());
        var appended = await store.AppendAsync(
            new AuditEntry
            {
                EntryId = Guid.CreateVersion7(now),
                OccurredAt = now,
                Operation = auditEvent.Operation,
                Actor = auditEvent.Actor,
                SubjectId = auditEvent.SubjectId,
                Purpose = auditEvent.Purpose,
                Target = auditEvent.Target,
                Detail = auditEvent.Detail,
            },
            cancellationToken).ConfigureAwait(false);
        metrics?.AuditAppended(appended.Operation);
        return appended;
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return store.GetBySubjectAsync(subjectId, cancellationToken);
    }

    public async ValueTask<AuditCheckpoint> CreateCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var key = Key() ?? throw new InvalidOperationException(
            "PrivacyOptions.Audit.CheckpointKey is not set: HMAC checkpoints are obsolete. Use IHashChainCheckpoints.CreateTreeHeadAsync (Ed25519 signed tree heads, on by default).");

        // Verified first, and signed from the same read: against the latest signed tree head where the checkpoints
        // service is the SDK's own, the chain alone otherwise. A broken or rewritten trail is never signed.
        var verified = services?.GetService(typeof(IHashChainCheckpoints)) is HashChainCheckpoints checkpoints
            ? await checkpoints.VerifyAgainstLatestTreeHeadAsync(HashChainedLog.AuditTrail, cancellationToken).ConfigureAwait(false)
            : await AuditChain.VerifyAsync(store.ReadAllAsync(cancellationToken), null, cancellationToken).ConfigureAwait(false);
        if (!verified.IsIntact)
        {
            throw new CheckpointRefusedException(HashChainedLog.AuditTrail, verified);
        }

        var unsigned = new AuditCheckpoint(verified.EntryCount, verified.HeadHash ?? AuditChain.GenesisHash, Timestamps.Normalize(time.GetUtcNow()), string.Empty);
        return unsigned with { Signature = Sign(key, unsigned) };
    }

    public async ValueTask<ChainVerificationResult> VerifyAsync(AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        if (checkpoint is not null)
        {
            var key = Key() ?? throw new InvalidOperationException("Set PrivacyOptions.Audit.CheckpointKey to verify against a checkpoint.");
            if (checkpoint.Sequence < 0 || !ChainHashing.FixedTimeEquals(Sign(key, checkpoint), checkpoint.Signature ?? string.Empty))
            {
                return ChainVerificationResult.Broken(0, Math.Max(checkpoint.Sequence, 0), ChainBreak.CheckpointInvalid);
            }
        }

        return await AuditChain.VerifyAsync(store.ReadAllAsync(cancellationToken), checkpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a reason can be an entry's purpose: no control characters but tabs and line breaks (reasons are prose).</summary>
    internal static bool IsPurposeText(string value) => !value.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r');

#pragma warning disable CS0618 // The obsolete HMAC key keeps working for hosts that set it.
    private byte[]? Key() => options.Value.Audit.CheckpointKey;
#pragma warning restore CS0618

    private static string Sign(byte[] key, AuditCheckpoint checkpoint) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(checkpoint.SignedText())));

    private static void CheckText(string? value, int maxLength, string name)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"The {name} is at most {maxLength} characters without control characters.", name);
        }
    }
}
