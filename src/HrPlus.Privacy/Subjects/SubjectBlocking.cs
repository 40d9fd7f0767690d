using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Subjects;

/// <summary>Blocking over an <see cref="IBlockStore"/>, with the audit trail.</summary>
internal sealed class SubjectBlocking(
    IBlockStore store,
    SubjectBlockList blocks,
    IFieldEncryptor encryptor,
    IAuditTrail audit,
    TimeProvider time,
    IFieldKeyStore? keys = null,
    IOptions<PrivacyOptions>? options = null,
    ILogger<SubjectBlocking>? logger = null) : ISubjectBlocking
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public async ValueTask<SubjectBlock> BlockAsync(string subjectId, string reason, BlockRequester requester, string blockedBy, CancellationToken cancellationToken = default)
    {
        SubjectIds.Validate(subjectId, nameof(subjectId));
        SubjectIds.Validate(blockedBy, nameof(blockedBy));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, SubjectBlock.MaxReasonLength, nameof(reason));
        if (!AuditTrail.IsPurposeText(reason))
        {
            // Checked here, not at the audit append: by then the block would be stored without its entry.
            throw new ArgumentException("The reason has no control characters other than tabs and line breaks.", nameof(reason));
        }

        if (!Enum.IsDefined(requester))
        {
            throw new ArgumentOutOfRangeException(nameof(requester));
        }

        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await ActiveBlockOfAsync(subjectId, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new InvalidOperationException("The subject is blocked already.");
            }

            var now = Timestamps.Normalize(time.GetUtcNow());
            var block = new SubjectBlock
            {
                Id = Guid.CreateVersion7(now),
                SubjectId = subjectId,
                Reason = reason,
                Requester = requester,
                BlockedBy = blockedBy,
                BlockedAt = now,
            };
            await store.AddAsync(block, cancellationToken).ConfigureAwait(false);
            blocks.Set(subjectId, blocked: true);
            await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Block, Actor = blockedBy, SubjectId = subjectId, Purpose = reason, Target = requester.ToString() }, cancellationToken).ConfigureAwait(false);
            await WarnIfNoKeyAsync(block, cancellationToken).ConfigureAwait(false);
            return block;
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask<SubjectBlock> UnblockAsync(string subjectId, string unblockedBy, CancellationToken cancellationToken = default)
    {
        SubjectIds.Validate(subjectId, nameof(subjectId));
        SubjectIds.Validate(unblockedBy, nameof(unblockedBy));
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var active = await ActiveBlockOfAsync(subjectId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The subject is not blocked.");
            var ended = active with { UnblockedAt = Timestamps.Normalize(time.GetUtcNow()), UnblockedBy = unblockedBy };
            await store.UpdateAsync(ended, cancellationToken).ConfigureAwait(false);
            blocks.Set(subjectId, blocked: false);
            await audit.AppendAsync(new AuditEvent { Operation = AuditOperation.Unblock, Actor = unblockedBy, SubjectId = subjectId, Purpose = active.Reason }, cancellationToken).ConfigureAwait(false);
            return ended;
        }
        finally
        {
            _writing.Release();
        }
    }

    public bool IsBlocked(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return blocks.IsBlocked(subjectId);
    }

    public async ValueTask<string> DecryptForVerificationAsync(string ciphertext, FieldContext context, string actor, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(context);
        SubjectIds.Validate(actor, nameof(actor));
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        if (context.SubjectId is not { } subject)
        {
            throw new ArgumentException("Verification decrypts a blocked subject's value: the context must name the subject (FieldContext.WithSubject).", nameof(context));
        }

        // The store, not the cached set: this path lifts a block, so it checks the block it lifts.
        var block = await ActiveBlockOfAsync(subject, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The subject is not blocked: decrypt the value through the normal path, which is not audited per field.");
        await audit.AppendAsync(
            new AuditEvent
            {
                Operation = AuditOperation.Decrypt,
                Actor = actor,
                SubjectId = subject,
                Purpose = purpose,
                Target = $"{context.Entity}.{context.Field}",
                Detail = "verification under block " + block.Id.ToString("D"),
            },
            cancellationToken).ConfigureAwait(false);
        return encryptor.Decrypt(ciphertext, context.WithoutSubject());
    }

    // With per-subject keys, a block whose id names no subject key blocks nothing held now: said, not refused (a block may
    // come before the subject's data does).
    private async ValueTask WarnIfNoKeyAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        if (keys is null || options?.Value.Encryption.PerSubjectKeys != true)
        {
            return;
        }

        try
        {
            var subjectKeys = (await keys.GetAllAsync(cancellationToken).ConfigureAwait(false))
                .Where(k => k.Purpose == FieldKeyPurpose.SubjectEncryption && k.State != FieldKeyState.Destroyed && k.SubjectId is not null).ToList();
            if (!subjectKeys.Any(k => string.Equals(k.SubjectId, block.SubjectId, StringComparison.Ordinal)))
            {
                Log.BlockMatchedNoKey(logger ?? (ILogger)NullLogger.Instance, block.Id, subjectKeys.Count(k => SubjectIds.IsSimilar(k.SubjectId!, block.SubjectId)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Only a diagnosis: the block itself is stored and in force.
        }
    }

    // The subject's own blocks, not every active block of every subject.
    private async ValueTask<SubjectBlock?> ActiveBlockOfAsync(string subjectId, CancellationToken cancellationToken) =>
        (await store.GetBySubjectAsync(subjectId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.IsActive);
}
