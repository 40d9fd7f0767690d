using HrPlus.Privacy.Consent;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Checkpoints of both hash-chained logs over their stores: Ed25519 signed tree heads (<see cref="SignedTreeHead"/>),
/// always, and the obsolete HMAC checkpoints where <c>AuditOptions.CheckpointKey</c> is still set. Every checkpoint is
/// made from the one read that verified the log against the latest checkpoint in its sink.
/// </summary>
internal sealed class HashChainCheckpoints(
    IConsentLedgerStore ledger,
    IAuditStore audit,
    Func<IChainCheckpointSink> legacySink,
    Func<ISignedTreeHeadSink> treeHeadSink,
    CheckpointKeyRing keys,
    TimeProvider time,
    IOptions<PrivacyOptions> options) : IHashChainCheckpoints
{
    public async ValueTask<ChainCheckpoint> CreateAsync(HashChainedLog log, CancellationToken cancellationToken = default)
    {
        CheckLog(log);
        var key = Key() ?? throw new InvalidOperationException(
            "PrivacyOptions.Audit.CheckpointKey is not set: HMAC checkpoints are obsolete. Use CreateTreeHeadAsync (Ed25519 signed tree heads, on by default).");

        // Verified against the latest HMAC checkpoint in this same read: what is signed extends what was signed before.
        var latest = await legacySink().ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
        if (latest is not null && (latest.Log != log || !latest.IsSignedBy(key)))
        {
            throw new CheckpointRefusedException(log, ChainVerificationResult.Broken(0, Math.Max(latest.Sequence, 0), ChainBreak.CheckpointInvalid));
        }

        var verified = await VerifyChainAsync(log, latest, cancellationToken).ConfigureAwait(false);
        if (!verified.IsIntact)
        {
            throw new CheckpointRefusedException(log, verified);
        }

        return ChainCheckpoint.Create(key, log, verified.EntryCount, verified.HeadHash ?? HashChain.GenesisHash, Timestamps.Normalize(time.GetUtcNow()));
    }

    public async ValueTask<SignedTreeHead> CreateTreeHeadAsync(HashChainedLog log, CancellationToken cancellationToken = default) =>
        (await CheckpointAsync(log, heartbeat: null, cancellationToken).ConfigureAwait(false)).Head!;

    public ValueTask<IReadOnlyList<CheckpointPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken = default) =>
        keys.GetPublicKeysAsync(cancellationToken);

    public ValueTask<CheckpointPublicKey> RotateSigningKeyAsync(CancellationToken cancellationToken = default) => keys.RotateAsync(cancellationToken);

    public async ValueTask<ChainVerificationResult> VerifyAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        CheckLog(log);
        if (checkpoint is not null)
        {
            var key = Key() ?? throw new InvalidOperationException("Set PrivacyOptions.Audit.CheckpointKey to verify against an HMAC checkpoint.");
            if (checkpoint.Log != log || !checkpoint.IsSignedBy(key))
            {
                return ChainVerificationResult.Broken(0, Math.Max(checkpoint.Sequence, 0), ChainBreak.CheckpointInvalid);
            }
        }

        return await VerifyChainAsync(log, checkpoint, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ChainVerificationResult> VerifyAgainstLatestAsync(HashChainedLog log, CancellationToken cancellationToken = default)
    {
        CheckLog(log);
        var previous = await treeHeadSink().ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
        var (verification, _) = await ScanAgainstAsync(log, previous, cancellationToken).ConfigureAwait(false);
        if (verification.IsIntact && Key() is not null && await legacySink().ReadLatestAsync(log, cancellationToken).ConfigureAwait(false) is { } legacy)
        {
            return await VerifyAsync(log, legacy, cancellationToken).ConfigureAwait(false);
        }

        return verification;
    }

    /// <summary>
    /// Verifies the log against its latest signed tree head and, from that same read, signs the new tree head; when
    /// <paramref name="heartbeat"/> is given, a log that has not grown is signed again only once the latest head is that old.
    /// </summary>
    /// <exception cref="CheckpointRefusedException">The log does not verify or does not extend the latest head.</exception>
    internal async ValueTask<CheckpointOutcome> CheckpointAsync(HashChainedLog log, TimeSpan? heartbeat, CancellationToken cancellationToken)
    {
        CheckLog(log);
        var previous = await treeHeadSink().ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
        var (verification, root) = await ScanAgainstAsync(log, previous, cancellationToken).ConfigureAwait(false);
        if (!verification.IsIntact)
        {
            throw new CheckpointRefusedException(log, verification);
        }

        if (heartbeat is { } every && previous is not null && previous.TreeSize == verification.EntryCount && time.GetUtcNow() - previous.Timestamp < every)
        {
            return new CheckpointOutcome(null, previous);
        }

        // The time is read after the key: a key made just now must already be valid at the head's time.
        var key = await keys.GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var now = Timestamps.Normalize(time.GetUtcNow());
        if (now < key.PublicKey.ValidFrom)
        {
            now = key.PublicKey.ValidFrom;
        }

        return new CheckpointOutcome(SignedTreeHead.Create(key, log, verification.EntryCount, root!, now), previous);
    }

    /// <summary>
    /// One read: the chain verified, its root at the previous head's size compared with that head's root (which proves the
    /// log extends it, as a consistency proof would), and its root now.
    /// </summary>
    /// <summary>Verifies the log against its latest signed tree head in one read (the check every checkpoint is made after).</summary>
    internal async ValueTask<ChainVerificationResult> VerifyAgainstLatestTreeHeadAsync(HashChainedLog log, CancellationToken cancellationToken)
    {
        var previous = await treeHeadSink().ReadLatestAsync(log, cancellationToken).ConfigureAwait(false);
        return (await ScanAgainstAsync(log, previous, cancellationToken).ConfigureAwait(false)).Verification;
    }

    internal async ValueTask<(ChainVerificationResult Verification, byte[]? Root)> ScanAgainstAsync(HashChainedLog log, SignedTreeHead? previous, CancellationToken cancellationToken)
    {
        if (previous is not null && (previous.Log != log || !SignedTreeHead.Verify(previous, await keys.GetPublicKeysAsync(cancellationToken).ConfigureAwait(false))))
        {
            return (ChainVerificationResult.Broken(0, Math.Max(previous.TreeSize, 0), ChainBreak.CheckpointInvalid), null);
        }

        var sizes = previous is null ? new HashSet<long>() : [previous.TreeSize];
        var scan = await ScanAsync(log, sizes, 0, null, cancellationToken).ConfigureAwait(false);
        var verification = scan.Verification;
        if (!verification.IsIntact || previous is null)
        {
            return (verification, scan.Root);
        }

        if (verification.EntryCount < previous.TreeSize)
        {
            return (ChainVerificationResult.Broken(verification.EntryCount, verification.EntryCount + 1, ChainBreak.Truncated), null);
        }

        if (!previous.RootEquals(scan.Roots[previous.TreeSize]))
        {
            // Where exactly cannot be told from a root: somewhere at or before the head's size.
            return (ChainVerificationResult.Broken(verification.EntryCount, previous.TreeSize, ChainBreak.Rewritten), null);
        }

        return (verification, scan.Root);
    }

    internal ValueTask<EvidenceScanResult> ScanAsync(HashChainedLog log, IReadOnlySet<long> rootsAt, long keepLeavesUpTo, long? stopAfter, CancellationToken cancellationToken) => log switch
    {
        HashChainedLog.ConsentLedger => EvidenceScan.RunAsync(ledger.ReadAllAsync(cancellationToken), ConsentChain.Links, rootsAt, keepLeavesUpTo, stopAfter, cancellationToken),
        HashChainedLog.AuditTrail => EvidenceScan.RunAsync(audit.ReadAllAsync(cancellationToken), AuditChain.Links, rootsAt, keepLeavesUpTo, stopAfter, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(log)),
    };

    private ValueTask<ChainVerificationResult> VerifyChainAsync(HashChainedLog log, ChainCheckpoint? checkpoint, CancellationToken cancellationToken) => log switch
    {
        HashChainedLog.ConsentLedger => HashChain.VerifyAsync(ledger.ReadAllAsync(cancellationToken), ConsentChain.Links, checkpoint?.Sequence, checkpoint?.HeadHash, cancellationToken),
        HashChainedLog.AuditTrail => HashChain.VerifyAsync(audit.ReadAllAsync(cancellationToken), AuditChain.Links, checkpoint?.Sequence, checkpoint?.HeadHash, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(log)),
    };

    private static void CheckLog(HashChainedLog log)
    {
        if (!Enum.IsDefined(log))
        {
            throw new ArgumentOutOfRangeException(nameof(log));
        }
    }

#pragma warning disable CS0618 // The obsolete HMAC key keeps working for hosts that set it.
    private byte[]? Key() => options.Value.Audit.CheckpointKey;
#pragma warning restore CS0618
}

/// <summary>What a checkpoint round made: the new head (null when an unchanged log was not signed again) and the one before.</summary>
internal sealed record CheckpointOutcome(SignedTreeHead? Head, SignedTreeHead? Previous);
