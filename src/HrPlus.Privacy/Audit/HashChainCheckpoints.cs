using HrPlus.Privacy.Consent;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>Checkpoints of both hash-chained logs over their stores, signed with <see cref="AuditOptions.CheckpointKey"/>.</summary>
internal sealed class HashChainCheckpoints(
    IConsentLedgerStore ledger, IAuditStore audit, IChainCheckpointSink sink, TimeProvider time, IOptions<PrivacyOptions> options) : IHashChainCheckpoints
{
    public async ValueTask<ChainCheckpoint> CreateAsync(HashChainedLog log, CancellationToken cancellationToken = default)
    {
        var key = Key() ?? throw new InvalidOperationException(
            "Set PrivacyOptions.Audit.CheckpointKey (at least 32 bytes, from a secret store the database administrator cannot read) to sign checkpoints.");
        var verified = await VerifyChainAsync(log, null, cancellationToken).ConfigureAwait(false);
        if (!verified.IsIntact)
        {
            throw new InvalidOperationException(
                $"The {ChainCheckpoint.NameOf(log)} is broken at position {verified.FirstBrokenPosition} ({verified.Break}): a checkpoint is never signed over a broken chain.");
        }

        return ChainCheckpoint.Create(key, log, verified.EntryCount, verified.HeadHash ?? HashChain.GenesisHash, Timestamps.Normalize(time.GetUtcNow()));
    }

    public async ValueTask<ChainVerificationResult> VerifyAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(log))
        {
            throw new ArgumentOutOfRangeException(nameof(log));
        }

        if (checkpoint is not null)
        {
            var key = Key() ?? throw new InvalidOperationException("Set PrivacyOptions.Audit.CheckpointKey to verify against a checkpoint.");
            if (checkpoint.Log != log || !checkpoint.IsSignedBy(key))
            {
                return ChainVerificationResult.Broken(0, Math.Max(checkpoint.Sequence, 0), ChainBreak.CheckpointInvalid);
            }
        }

        return await VerifyChainAsync(log, checkpoint, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ChainVerificationResult> VerifyAgainstLatestAsync(HashChainedLog log, CancellationToken cancellationToken = default) =>
        await VerifyAsync(log, await sink.ReadLatestAsync(log, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private ValueTask<ChainVerificationResult> VerifyChainAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken) => log switch
    {
        HashChainedLog.ConsentLedger => HashChain.VerifyAsync(ledger.ReadAllAsync(cancellationToken), ConsentChain.Links, checkpoint?.Sequence, checkpoint?.HeadHash, cancellationToken),
        HashChainedLog.AuditTrail => HashChain.VerifyAsync(audit.ReadAllAsync(cancellationToken), AuditChain.Links, checkpoint?.Sequence, checkpoint?.HeadHash, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(log)),
    };

    private byte[]? Key() => options.Value.Audit.CheckpointKey;
}
