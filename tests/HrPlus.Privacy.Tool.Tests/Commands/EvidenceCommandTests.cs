using System.Text.Json;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>
/// <c>hrplus evidence verify | export</c> and <c>hrplus receipt verify</c> as processes: the auditor's verification on the
/// app's stores and offline on an export, and receipts verified with the published public keys only.
/// </summary>
public sealed class EvidenceCommandTests
{
    [Fact]
    public async Task EvidenceVerify_OnTheApp_AndOfflineOnAnExport_FindsAnEditedEntryAtItsPositionAndCheckpoint()
    {
        await using var data = await SampleData.CreateAsync();
        var offsite = Directory.CreateDirectory(Path.Combine(data.Folder, "offsite")).FullName;
        var keysFile = Path.Combine(data.Folder, "keys.json");
        long auditSize;
        await using (var app = await data.OpenAsync())
        {
            var checkpoints = app.Services.GetRequiredService<IHashChainCheckpoints>();
            var sink = app.Services.GetRequiredService<ISignedTreeHeadSink>();
            var first = await checkpoints.CreateTreeHeadAsync(HashChainedLog.AuditTrail);
            await sink.WriteAsync(first, CancellationToken.None);
            await app.Services.GetRequiredService<IAuditTrail>().AppendAsync(new AuditEvent { Operation = AuditOperation.Access, Actor = "inspector", SubjectId = "pupil-x", Purpose = "monitoring" });
            var second = await checkpoints.CreateTreeHeadAsync(HashChainedLog.AuditTrail);
            await sink.WriteAsync(second, CancellationToken.None);
            auditSize = second.TreeSize;
            await File.WriteAllTextAsync(Path.Combine(offsite, "audit-trail.sth"), $"{first}\n{second}\n");
            await File.WriteAllTextAsync(keysFile, CheckpointPublicKey.ToJson(await checkpoints.GetPublicKeysAsync()));
        }

        var onApp = await data.RunAsync("evidence", "verify", "--json");
        Assert.True(onApp.ExitCode == 0, onApp.ToString());
        var trail = onApp.Json().GetProperty("logs")[1];
        Assert.Equal((auditSize, auditSize, "None"), (trail.GetProperty("entries").GetInt64(), trail.GetProperty("vouchedUpTo").GetInt64(), trail.GetProperty("break").GetString()));
        Assert.True(trail.GetProperty("checkpoints").GetInt32() >= 2);

        var export = Path.Combine(data.Folder, "audit-trail.jsonl");
        var exported = await data.RunAsync("evidence", "export", "audit-trail", export, "--json");
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Equal((auditSize, "hrplus-log-export/1"), (exported.Json().GetProperty("entries").GetInt64(), exported.Json().GetProperty("format").GetString()));

        // Offline: no --startup-assembly, no database; the export, the .sth file and the published keys only.
        var offline = await ToolProcess.RunAsync(["evidence", "verify", "--export", export, "--checkpoints", offsite, "--public-keys", keysFile, "--json"]);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        var only = Assert.Single(offline.Json().GetProperty("logs").EnumerateArray());
        Assert.Equal(("audit-trail", true, 2, auditSize), (only.GetProperty("log").GetString(), only.GetProperty("intact").GetBoolean(), only.GetProperty("checkpoints").GetInt32(), only.GetProperty("vouchedUpTo").GetInt64()));

        // The entry at position 2 edited in the export (its hash kept): found there, at the first checkpoint.
        var lines = File.ReadAllLines(export);
        lines[2] = lines[2].Replace("\"sequence\":2,", "\"sequence\":2,", StringComparison.Ordinal).Replace("\"actor\":\"", "\"actor\":\"x", StringComparison.Ordinal);
        var edited = Path.Combine(data.Folder, "edited.jsonl");
        await File.WriteAllLinesAsync(edited, lines);
        var broken = await ToolProcess.RunAsync(["evidence", "verify", "--export", edited, "--checkpoints", offsite, "--public-keys", keysFile, "--json"]);
        Assert.True(broken.ExitCode == 1, broken.ToString());
        var found = broken.Json().GetProperty("logs")[0];
        Assert.Equal(("Edited", 2L, true, 0), (found.GetProperty("break").GetString(), found.GetProperty("firstBrokenPosition").GetInt64(), found.GetProperty("positionExact").GetBoolean(), found.GetProperty("checkpointIndex").GetInt32()));
        var text = await ToolProcess.RunAsync(["evidence", "verify", "--export", edited, "--checkpoints", offsite, "--public-keys", keysFile]);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains($"The audit-trail is broken at checkpoint 0 (size {auditSize - 1}): Edited, position 2", text.Stdout);

        var garbage = Path.Combine(data.Folder, "garbage.jsonl");
        await File.WriteAllTextAsync(garbage, "{\"format\":\"hrplus-log-export/1\",\"log\":\"audit-trail\"}\n{\"sequence\":1}\n");
        var hostile = await ToolProcess.RunAsync(["evidence", "verify", "--export", garbage, "--checkpoints", offsite, "--public-keys", keysFile]);
        Assert.True(hostile.ExitCode == 7, hostile.ToString());
        Assert.Contains("is refused: MalformedEntry at line 2.", hostile.Stderr);
        var noKeys = await ToolProcess.RunAsync(["evidence", "verify", "--export", export, "--checkpoints", offsite]);
        Assert.True(noKeys.ExitCode == 2, noKeys.ToString());
        await File.WriteAllTextAsync(Path.Combine(offsite, "audit-trail.sth"), "not a head\nnor this\n");
        var badHeads = await ToolProcess.RunAsync(["evidence", "verify", "--export", export, "--checkpoints", offsite, "--public-keys", keysFile]);
        Assert.True(badHeads.ExitCode == 7, badHeads.ToString());
        Assert.DoesNotContain("not a head", badHeads.Stderr);
    }

    [Fact]
    public async Task ReceiptVerify_AReceiptWithItsProof_VerifiesWithThePublishedKeysOnly_AndAnAlteredOneFails()
    {
        await using var data = await SampleData.CreateAsync();
        var file = Path.Combine(data.Folder, "receipt.json");
        var pending = Path.Combine(data.Folder, "pending.json");
        var keysFile = Path.Combine(data.Folder, "keys.json");
        await using (var app = await data.OpenAsync())
        {
            await using var scope = app.Services.CreateAsyncScope();
            var first = await scope.ServiceProvider.GetRequiredService<IConsentLedgerStore>().ReadAllAsync(CancellationToken.None).FirstAsync();
            var consents = scope.ServiceProvider.GetRequiredService<IConsentService>();
            await File.WriteAllTextAsync(pending, (await consents.GetReceiptAsync(first.EventId))!.ToJson());
            var checkpoints = app.Services.GetRequiredService<IHashChainCheckpoints>();
            await app.Services.GetRequiredService<ISignedTreeHeadSink>().WriteAsync(await checkpoints.CreateTreeHeadAsync(HashChainedLog.ConsentLedger), CancellationToken.None);
            await File.WriteAllTextAsync(file, (await consents.GetReceiptAsync(first.EventId))!.ToJson());
            await File.WriteAllTextAsync(keysFile, CheckpointPublicKey.ToJson(await checkpoints.GetPublicKeysAsync()));
        }

        var run = await ToolProcess.RunAsync(["receipt", "verify", file, "--public-keys", keysFile, "--json"]);
        var text = await ToolProcess.RunAsync(["receipt", "verify", file, "--public-keys", keysFile]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(("Verified", true, 1L, (long)SampleData.Pupils), (run.Json().GetProperty("status").GetString(), run.Json().GetProperty("verified").GetBoolean(), run.Json().GetProperty("ledgerPosition").GetInt64(), run.Json().GetProperty("treeSize").GetInt64()));
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("Receipt at ledger position 1: verified (Verified).", text.Stdout.Trim());

        var receipt = await File.ReadAllTextAsync(file);
        var altered = Path.Combine(data.Folder, "altered.json");
        var document = JsonDocument.Parse(receipt).RootElement.GetProperty("pii_principal_id").GetString()!;
        await File.WriteAllTextAsync(altered, receipt.Replace(document, document + "0", StringComparison.Ordinal));
        var alteredRun = await ToolProcess.RunAsync(["receipt", "verify", altered, "--public-keys", keysFile, "--json"]);
        Assert.True(alteredRun.ExitCode == 1, alteredRun.ToString());
        Assert.Equal("EventAltered", alteredRun.Json().GetProperty("status").GetString());

        var pendingRun = await ToolProcess.RunAsync(["receipt", "verify", pending, "--public-keys", keysFile, "--json"]);
        Assert.True(pendingRun.ExitCode == 1, pendingRun.ToString());
        Assert.Equal("Pending", pendingRun.Json().GetProperty("status").GetString());

        var otherKey = Path.Combine(data.Folder, "other-keys.json");
        await File.WriteAllTextAsync(otherKey, CheckpointPublicKey.ToJson([new CheckpointPublicKey(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray(), DateTimeOffset.UnixEpoch, null)]));
        var wrongKey = await ToolProcess.RunAsync(["receipt", "verify", file, "--public-keys", otherKey, "--json"]);
        Assert.True(wrongKey.ExitCode == 1, wrongKey.ToString());
        Assert.Equal("TreeHeadInvalid", wrongKey.Json().GetProperty("status").GetString());

        var garbage = Path.Combine(data.Folder, "garbage.json");
        await File.WriteAllTextAsync(garbage, "{\"receipt_id\": 5}");
        Assert.Equal(7, (await ToolProcess.RunAsync(["receipt", "verify", garbage, "--public-keys", keysFile])).ExitCode);
        Assert.Equal(2, (await ToolProcess.RunAsync(["receipt", "verify", file])).ExitCode);
    }
}
