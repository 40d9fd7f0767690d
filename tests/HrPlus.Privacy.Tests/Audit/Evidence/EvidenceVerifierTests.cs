using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Tests.Audit.Evidence;

/// <summary>The auditor's verification of a whole history: random logs, random checkpoints, every kind of rewrite.</summary>
public sealed class EvidenceVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointSigningKey _key = new(1, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Start, null);
    private readonly CheckpointSigningKey _other = new(2, new byte[32], Start, null);

    public enum Rewrite
    {
        Edit,
        Delete,
        Reorder,
        RelinkRehashed,
        DeleteRehashed,
        TruncateAndRegrow,
    }

    public void Dispose()
    {
        _key.Dispose();
        _other.Dispose();
    }

    [Property(MaxTest = 60)]
    public Property AnyRewriteBeforeACheckpoint_IsReported_AtThatCheckpoint_WithThePosition(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 2001);
        var log = MakeLog(n, random);
        var heads = RandomHeads(log, random, out var sizes);
        var kind = (Rewrite)random.Next(6);
        if (kind == Rewrite.Reorder && n < 2)
        {
            kind = Rewrite.Edit;
        }

        // A position some checkpoint covers: the rewrite is "before a checkpoint".
        var maxSize = (int)sizes.Max();
        var p = random.Next(1, Math.Min(maxSize, kind == Rewrite.Reorder ? n - 1 : n) + 1);
        var tampered = Apply(kind, log, p, random);

        var result = Verify(tampered, heads);

        var covering = sizes.Where(s => s >= p).Min();
        var vouched = sizes.Where(s => s < p).DefaultIfEmpty(0).Max();
        var exactExpected = kind is Rewrite.Edit or Rewrite.Reorder || (kind == Rewrite.Delete && p < n);
        var ok = !result.IsIntact
            && result.Checkpoint is not null
            && result.Checkpoint.TreeSize == covering
            && ReferenceEquals(heads[result.CheckpointIndex!.Value], result.Checkpoint)
            && result.VouchedUpTo == vouched
            && (exactExpected
                ? result.FirstBrokenPosition == p && result.IsPositionExact && result.Break is ChainBreak.Edited or ChainBreak.Missing or ChainBreak.Relinked
                : result.Break is ChainBreak.Rewritten or ChainBreak.Truncated or ChainBreak.Missing
                    && (result.IsPositionExact ? result.FirstBrokenPosition == p : result.FirstBrokenPosition == vouched + 1 && vouched < p && p <= result.Checkpoint.TreeSize));
        return ok.Label($"n={n} sizes=[{string.Join(',', sizes)}] {kind} at {p}: {result}");
    }

    [Property(MaxTest = 200)]
    public Property AnySingleBitFlip_InAnEntryBeforeACheckpoint_IsFound_AtThatEntry(int seed)
    {
        var random = new Random(seed);
        var log = MakeLog(random.Next(1, 300), random);
        var heads = new List<SignedTreeHead> { Head(log, log.Count) };
        var p = random.Next(1, log.Count + 1);
        var entry = log[p - 1];
        var field = random.Next(8);
        var flipped = field switch
        {
            0 => entry with { Actor = FlipChar(entry.Actor, random) },
            1 => entry with { Detail = FlipChar(entry.Detail!, random) },
            2 => entry with { OccurredAt = new DateTimeOffset(entry.OccurredAt.UtcTicks ^ (1L << random.Next(40)), TimeSpan.Zero) },
            3 => entry with { EntryId = new Guid(FlipBit(entry.EntryId.ToByteArray(), random)) },
            4 => entry with { Sequence = entry.Sequence ^ (1L << random.Next(20)) },
            5 => entry with { Operation = (AuditOperation)((int)entry.Operation ^ (1 << random.Next(8))) },
            6 => entry with { PreviousHash = FlipChar(entry.PreviousHash, random) },
            _ => entry with { Hash = FlipChar(entry.Hash, random) },
        };
        var tampered = log.ToList();
        tampered[p - 1] = flipped;

        var result = Verify(tampered, heads);

        return (!result.IsIntact && result.FirstBrokenPosition == p && result.IsPositionExact).Label($"field {field} of entry {p} of {log.Count}: {result}");
    }

    [Property(MaxTest = 40)]
    public Property AnUntouchedLog_VerifiesAgainstEveryCheckpoint_InAnyFileOrder(int seed)
    {
        var random = new Random(seed);
        var log = MakeLog(random.Next(0, 2001), random);
        var heads = RandomHeads(log, random, out var sizes);

        var result = Verify(log, heads);

        return (result.IsIntact && result.EntryCount == log.Count && result.CheckpointCount == heads.Count && result.VouchedUpTo == sizes.Max()
            && result.FirstBrokenPosition is null && result.Checkpoint is null).Label(result.ToString());
    }

    [Fact]
    public void ACheckpointWithAFlippedBit_OrOfTheOtherLog_OrUnderAnUnpublishedKey_IsCheckpointInvalid_AtItsIndex()
    {
        var log = MakeLog(20, new Random(1));
        var good = Head(log, 5);
        var flipped = SignedTreeHead.Parse(Head(log, 10).ToString().Replace(" 10 ", " 11 ", StringComparison.Ordinal));
        var otherLog = SignedTreeHead.Create(_key, HashChainedLog.ConsentLedger, 10, Root(log, 10), Start.AddHours(1));
        var unpublished = SignedTreeHead.Create(_other, HashChainedLog.AuditTrail, 10, Root(log, 10), Start.AddHours(1));

        foreach (var bad in new[] { flipped, otherLog, unpublished })
        {
            var result = Verify(log, [good, bad, Head(log, 20)]);

            Assert.Equal((ChainBreak.CheckpointInvalid, 1, 5L, (long?)null), (result.Break, result.CheckpointIndex!.Value, result.VouchedUpTo, result.FirstBrokenPosition));
            Assert.Same(bad, result.Checkpoint);
        }
    }

    [Fact]
    public void TwoSignedCheckpointsOfOneSize_WithDifferentRoots_AreInconsistent()
    {
        var log = MakeLog(12, new Random(2));
        var forked = SignedTreeHead.Create(_key, HashChainedLog.AuditTrail, 8, MerkleTree.EmptyRoot(), Start.AddHours(2));

        var result = Verify(log, [Head(log, 4), Head(log, 8), forked]);

        Assert.Equal((ChainBreak.Inconsistent, 2, 8L), (result.Break, result.CheckpointIndex!.Value, result.VouchedUpTo));
    }

    [Fact]
    public void AChainBrokenAfterTheLatestCheckpoint_IsReportedWithoutACheckpoint_AtItsExactPosition()
    {
        var log = MakeLog(30, new Random(3));
        var tampered = Apply(Rewrite.Edit, log, 25, new Random(4));

        var result = Verify(tampered, [Head(log, 10), Head(log, 20)]);

        Assert.Equal((ChainBreak.Edited, (long?)25, true, 20L, 25L), (result.Break, result.FirstBrokenPosition, result.IsPositionExact, result.VouchedUpTo, result.EntryCount));
        Assert.Null(result.Checkpoint);
        Assert.Null(result.CheckpointIndex);
        Assert.Equal("The audit-trail is broken after the latest checkpoint: Edited, position 25 (25 entries read).", result.ToString());
    }

    [Fact]
    public void ALogCutRightAfterACheckpoint_IsTruncated_AtTheFirstMissingPosition_Exactly()
    {
        var log = MakeLog(30, new Random(5));

        var result = Verify(log.Take(10).ToList(), [Head(log, 10), Head(log, 30)]);

        Assert.Equal((ChainBreak.Truncated, (long?)11, true, 1), (result.Break, result.FirstBrokenPosition, result.IsPositionExact, result.CheckpointIndex!.Value));
        Assert.Equal("The audit-trail is broken at checkpoint 1 (size 30): Truncated, position 11 (10 entries read).", result.ToString());
    }

    [Fact]
    public void AnEmptyLog_WithACheckpointOfSizeZero_IsIntact_AndWithout_IsIntactToo()
    {
        Assert.True(Verify([], [SignedTreeHead.Create(_key, HashChainedLog.AuditTrail, 0, MerkleTree.EmptyRoot(), Start)]).IsIntact);
        Assert.Equal("The audit-trail is intact: 0 entries, 0 checkpoints verified.", Verify([], []).ToString());
    }

    [Fact]
    public void ParseLines_ReadsASinksFile_SkipsACutOffLastLine_AndRefusesAnyOtherBadLineByNumber()
    {
        var log = MakeLog(4, new Random(6));
        var text = Head(log, 2) + "\n\n" + Head(log, 4) + "\n";

        Assert.Equal([2L, 4L], SignedTreeHead.ParseLines(text).Select(h => h.TreeSize));
        Assert.Equal([2L, 4L], SignedTreeHead.ParseLines(text + "hrplus-sth/1 audit-trail 9 ab").Select(h => h.TreeSize));
        var error = Assert.Throws<FormatException>(() => SignedTreeHead.ParseLines("secret-value 1\n" + text));
        Assert.StartsWith("Line 1 of the checkpoint file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    private static string FlipChar(string text, Random random)
    {
        var chars = text.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = (char)(chars[at] ^ (1 << random.Next(7)));
        return new string(chars);
    }

    private static byte[] FlipBit(byte[] bytes, Random random)
    {
        var bit = random.Next(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return bytes;
    }

    internal static List<AuditEntry> MakeLog(int count, Random random)
    {
        var log = new List<AuditEntry>(count);
        var previous = AuditChain.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var entry = AuditChain.Seal(Entry(random, i), i, previous);
            log.Add(entry);
            previous = entry.Hash;
        }

        return log;
    }

    private static AuditEntry Entry(Random random, int i) => new()
    {
        EntryId = new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16)),
        OccurredAt = Start.AddSeconds(i),
        Operation = (AuditOperation)random.Next(1, 11),
        Actor = "staff-" + random.Next(10),
        SubjectId = random.Next(3) == 0 ? null : "pupil-" + random.Next(100),
        Purpose = "monitoring",
        Detail = "entry " + i,
    };

    private static List<AuditEntry> Reseal(IEnumerable<AuditEntry> entries)
    {
        var result = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        foreach (var entry in entries)
        {
            var sealedEntry = AuditChain.Seal(entry, result.Count, previous);
            result.Add(sealedEntry);
            previous = sealedEntry.Hash;
        }

        return result;
    }

    private static List<AuditEntry> Apply(Rewrite kind, List<AuditEntry> log, int p, Random random)
    {
        var copy = log.ToList();
        switch (kind)
        {
            case Rewrite.Edit:
                copy[p - 1] = copy[p - 1] with { Detail = "rewritten" };
                return copy;
            case Rewrite.Delete:
                copy.RemoveAt(p - 1);
                return copy;
            case Rewrite.Reorder:
                (copy[p - 1], copy[p]) = (copy[p], copy[p - 1]);
                return copy;
            case Rewrite.RelinkRehashed:
                copy[p - 1] = copy[p - 1] with { Actor = "someone-else" };
                return Reseal(copy);
            case Rewrite.DeleteRehashed:
                copy.RemoveAt(p - 1);
                return Reseal(copy);
            default:
                var regrown = copy.Take(p - 1).ToList();
                regrown.AddRange(Enumerable.Range(0, random.Next(0, log.Count + 1)).Select(i => Entry(random, 10_000 + i)));
                return Reseal(regrown);
        }
    }

    private List<SignedTreeHead> RandomHeads(List<AuditEntry> log, Random random, out List<long> sizes)
    {
        sizes = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (long)random.Next(0, log.Count + 1)).ToList();
        if (log.Count > 0)
        {
            sizes.Add(random.Next(1, log.Count + 1));
        }

        var heads = sizes.Select(s => Head(log, (int)s)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(heads));
        return heads;
    }

    private SignedTreeHead Head(List<AuditEntry> log, int size) =>
        SignedTreeHead.Create(_key, HashChainedLog.AuditTrail, size, Root(log, size), Start.AddMinutes(size));

    private static byte[] Root(List<AuditEntry> log, int size) => MerkleTree.ComputeRoot(log.Take(size).Select(e => MerkleTree.HashEntry(e.Hash)));

    private EvidenceVerificationResult Verify(List<AuditEntry> log, IEnumerable<SignedTreeHead> heads) =>
        EvidenceVerifier.VerifyAuditTrailAsync(log.ToAsyncEnumerable(), heads, [_key.PublicKey]).AsTask().GetAwaiter().GetResult();
}
