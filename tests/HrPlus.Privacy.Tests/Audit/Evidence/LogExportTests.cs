using System.Text;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Tests.Audit.Evidence;

/// <summary>The export format of a log: round trips, verification through it, and hostile files refused with a reason.</summary>
public sealed class LogExportTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(5));
    private readonly CheckpointSigningKey _key = new(1, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Start, null);

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task AuditTrail_RoundTripsExactly_AndTheFileIsTheDocumentedFormat()
    {
        var log = EvidenceVerifierTests.MakeLog(3, new Random(7));

        var bytes = await ExportAsync(log);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var read = await LogExport.ReadAuditTrailAsync(new MemoryStream(bytes)).ToListAsync();

        Assert.Equal(log, read);
        Assert.Equal(6, lines.Length);
        Assert.Equal("{\"format\":\"hrplus-log-export/1\",\"log\":\"audit-trail\"}", lines[0]);
        Assert.StartsWith("{\"sequence\":1,\"entry_id\":\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"previous_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"", lines[1], StringComparison.Ordinal);
        Assert.Equal("{\"end\":\"hrplus-log-export/1\",\"entries\":3}", lines[4]);
        Assert.Equal(string.Empty, lines[5]);
        Assert.Equal(HashChainedLog.AuditTrail, await LogExport.ReadLogAsync(new MemoryStream(bytes)));
    }

    [Fact]
    public async Task ConsentLedger_RoundTrips_AndVerifiesThroughTheExport_AndAnEditedLineIsFoundAtItsPosition()
    {
        var ledger = Ledger(5);
        var head = SignedTreeHead.Create(_key, HashChainedLog.ConsentLedger, 5, MerkleTree.ComputeRoot(ledger.Select(e => MerkleTree.HashEntry(e.Hash))), Start.AddHours(1));
        using var stream = new MemoryStream();
        Assert.Equal(5, await LogExport.WriteConsentLedgerAsync(stream, ledger.ToAsyncEnumerable(), CancellationToken.None));
        var bytes = stream.ToArray();

        Assert.Equal(ledger.Select(e => e.Hash), (await LogExport.ReadConsentLedgerAsync(new MemoryStream(bytes)).ToListAsync()).Select(ConsentChain.ComputeHash));
        var intact = await EvidenceVerifier.VerifyExportAsync(new MemoryStream(bytes), [head], [_key.PublicKey]);
        Assert.True(intact.IsIntact, intact.ToString());
        Assert.Equal((HashChainedLog.ConsentLedger, 5L, 5L), (intact.Log, intact.EntryCount, intact.VouchedUpTo));

        var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"purpose\":\"purpose-3\"", "\"purpose\":\"marketing\"", StringComparison.Ordinal));
        var result = await EvidenceVerifier.VerifyExportAsync(new MemoryStream(edited), [head], [_key.PublicKey]);
        Assert.Equal((ChainBreak.Edited, (long?)4, 0), (result.Break, result.FirstBrokenPosition, result.CheckpointIndex!.Value));
    }

    public static TheoryData<string, LogExportError, long> HostileFiles()
    {
        var header = "{\"format\":\"hrplus-log-export/1\",\"log\":\"audit-trail\"}\n";
        var entry = EntryLine();
        var end = "{\"end\":\"hrplus-log-export/1\",\"entries\":1}\n";
        return new()
        {
            { string.Empty, LogExportError.NotAnExport, 1 },
            { "secret 900101300017\n", LogExportError.NotAnExport, 1 },
            { "[1,2]\n", LogExportError.NotAnExport, 1 },
            { "{\"format\":\"hrplus-log-export/1\",\"log\":\"audit-trail\",\"x\":1}\n", LogExportError.NotAnExport, 1 },
            { "{\"format\":\"hrplus-log-export/2\",\"log\":\"audit-trail\"}\n", LogExportError.UnsupportedVersion, 1 },
            { "{\"format\":\"hrplus-log-export/1\",\"log\":\"consent-ledger\"}\n" + end, LogExportError.WrongLog, 1 },
            { "{\"format\":\"hrplus-log-export/1\",\"log\":\"access-log\"}\n", LogExportError.WrongLog, 1 },
            { header + entry, LogExportError.MissingEnd, 3 },
            { header + entry + "{\"end\":\"hrplus-log-export/1\",\"entries\":2}\n", LogExportError.CountMismatch, 3 },
            { header + entry + end + entry, LogExportError.DataAfterEnd, 4 },
            { header + "{}\n" + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"actor\":", "\"extra\":1,\"actor\":", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"actor\":\"staff\"", "\"actor\":null", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"operation\":\"Export\"", "\"operation\":6", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"operation\":\"Export\"", "\"operation\":\"Nuke\"", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"actor\":\"staff\"", "\"actor\":\"staff\",\"actor\":\"other\"", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"hash\":\"", "\"hash\":\"X", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + entry.Replace("\"sequence\":1", "\"sequence\":\"1\"", StringComparison.Ordinal) + end, LogExportError.MalformedEntry, 2 },
            { header + new string('[', 100) + "\n" + end, LogExportError.MalformedEntry, 2 },
            { header + "\"" + new string('a', LogExport.MaxLineBytes) + "\"\n" + end, LogExportError.LineTooLong, 2 },
        };
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Read_HostileFile_IsRefusedWithItsReasonAndLine_WithoutEchoingIt(string file, LogExportError reason, long line)
    {
        var error = await Assert.ThrowsAsync<LogExportException>(async () => await LogExport.ReadAuditTrailAsync(new MemoryStream(Encoding.UTF8.GetBytes(file))).ToListAsync());

        Assert.Equal((reason, line), (error.Reason, error.LineNumber));
        Assert.DoesNotContain("900101300017", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("staff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyExport_AMalformedFile_ThrowsTheTypedError()
    {
        var error = await Assert.ThrowsAsync<LogExportException>(async () => await EvidenceVerifier.VerifyExportAsync(new MemoryStream("nope\n"u8.ToArray()), [], [_key.PublicKey]));

        Assert.Equal(LogExportError.NotAnExport, error.Reason);
    }

    private static string EntryLine()
    {
        var entry = AuditChain.Seal(
            new AuditEntry { EntryId = Guid.Parse("6f1c1c56-3f0e-4a53-9d0b-6bd1b2a1c001"), OccurredAt = Start, Operation = AuditOperation.Export, Actor = "staff", SubjectId = "pupil-1" },
            0,
            AuditChain.GenesisHash);
        var text = Encoding.UTF8.GetString(ExportAsync([entry]).GetAwaiter().GetResult());
        return text.Split('\n')[1] + "\n";
    }

    private static async Task<byte[]> ExportAsync(List<AuditEntry> log)
    {
        using var stream = new MemoryStream();
        Assert.Equal(log.Count, await LogExport.WriteAuditTrailAsync(stream, log.ToAsyncEnumerable(), CancellationToken.None));
        return stream.ToArray();
    }

    private static List<ConsentEvent> Ledger(int count)
    {
        var ledger = new List<ConsentEvent>();
        var previous = ConsentChain.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var pending = new ConsentEvent
            {
                EventId = Guid.NewGuid(),
                Kind = i % 2 == 0 ? ConsentEventKind.Granted : ConsentEventKind.Withdrawn,
                SubjectId = "pupil-" + i,
                Purpose = "purpose-" + i,
                OccurredAt = Start.AddMinutes(i),
                PolicyVersion = 2,
                PolicyTextHash = new string('a', 64),
                Language = "kk",
                GivenBy = ConsentGiverKind.Representative,
                RepresentativeId = "parent-" + i,
                Relationship = RepresentativeRelationship.Parent,
                MinorAlsoAgreed = i == 2,
                Channel = ConsentChannel.WebForm,
                EvidenceIpAddress = "10.0.0.0",
                OperatorName = "School 17",
                OperatorBin = null,
                ExpiresAt = i == 1 ? Start.AddYears(1) : null,
                DataCategories = ["name", "assessment"],
                SubjectAdultFrom = new DateOnly(2031, 5, 1),
            };
            var sealedEvent = ConsentChain.Seal(pending, i, previous);
            ledger.Add(sealedEvent);
            previous = sealedEvent.Hash;
        }

        return ledger;
    }
}
