using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;

namespace HrPlus.Privacy.Tests.Consent;

public sealed class ConsentLedgerTests
{
    /// <summary>An event with every field set; its hash is pinned by an independent Python implementation of the spec.</summary>
    internal static readonly ConsentEvent Fixed = new()
    {
        EventId = Guid.Parse("0192f3a0-0000-7000-8000-000000000001"),
        Kind = ConsentEventKind.Granted,
        SubjectId = "pupil-0001",
        Purpose = ConsentPurposes.NewsAndOffers,
        OccurredAt = new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero),
        PolicyVersion = 1,
        PolicyTextHash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Language = "ru",
        GivenBy = ConsentGiverKind.Representative,
        RepresentativeId = "parent-0001",
        Relationship = RepresentativeRelationship.Parent,
        MinorAlsoAgreed = true,
        Channel = ConsentChannel.WebForm,
        EvidenceIpAddress = "203.0.113.0",
        EvidenceUserAgent = "Mozilla/5.0",
        OperatorName = ConsentTestHost.OperatorName,
        OperatorBin = ConsentTestHost.OperatorBin,
        ExpiresAt = new DateTimeOffset(2027, 9, 1, 4, 0, 0, TimeSpan.Zero),
        DataCategories = ["full-name", "iin"],
        SubjectAdultFrom = new DateOnly(2029, 12, 3),
    };

    [Fact]
    public void Seal_MatchesTheIndependentImplementation()
    {
        var first = ConsentChain.Seal(Fixed, 0, ConsentChain.GenesisHash);
        var second = ConsentChain.Seal(
            Fixed with
            {
                EventId = Guid.Parse("0192f3a0-0000-7000-8000-000000000002"),
                Kind = ConsentEventKind.Withdrawn,
                OccurredAt = new DateTimeOffset(2026, 10, 1, 4, 0, 0, TimeSpan.Zero).AddTicks(1_234_560),
                GivenBy = ConsentGiverKind.Subject,
                RepresentativeId = null,
                Relationship = RepresentativeRelationship.None,
                MinorAlsoAgreed = false,
                Channel = ConsentChannel.Paper,
                EvidenceIpAddress = null,
                EvidenceUserAgent = null,
            },
            first.Sequence,
            first.Hash);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal("75c2d3dcab42c69b6d7b8a68695c0499c9b6372228a38a31656444cf3416ddb9", first.Hash);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal("b465b4ed81dfd929b5369fa6e769c1942e0a838f01e20c4f0733c253199baf55", second.Hash);
    }

    [Fact]
    public async Task Verify_IntactLedger_ReportsCountAndHead()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            var result = await host.Consents.VerifyAsync();
            var all = await ReadAllAsync(store);

            Assert.True(result.IsIntact);
            Assert.Equal(5, result.EntryCount);
            Assert.Null(result.FirstBrokenPosition);
            Assert.Equal(all[^1].Hash, result.HeadHash);
            Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Sequence));
        }
    }

    [Fact]
    public async Task Verify_EditedEvent_ReportsItsPosition()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            var all = await ReadAllAsync(store);
            store.TamperForTests(2, all[2] with { Purpose = ConsentPurposes.Advertising });

            var result = await host.Consents.VerifyAsync();

            Assert.False(result.IsIntact);
            Assert.Equal(3, result.FirstBrokenPosition);
            Assert.Equal(ChainBreak.Edited, result.Break);
            Assert.Equal("Broken at position 3: Edited (3 entries read).", result.ToString());
        }
    }

    [Fact]
    public async Task Verify_EditedAndRehashedEvent_IsCaughtAtTheNextLink()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            var all = await ReadAllAsync(store);
            var forged = all[1] with { ExpiresAt = null };
            store.TamperForTests(1, forged with { Hash = ConsentChain.ComputeHash(forged) });

            var result = await host.Consents.VerifyAsync();

            Assert.Equal(3, result.FirstBrokenPosition);
            Assert.Equal(ChainBreak.Relinked, result.Break);
        }
    }

    [Fact]
    public async Task Verify_DeletedEvent_ReportsTheMissingPosition()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            store.RemoveForTests(3);

            var result = await host.Consents.VerifyAsync();

            Assert.Equal(4, result.FirstBrokenPosition);
            Assert.Equal(ChainBreak.Missing, result.Break);
        }
    }

    [Fact]
    public async Task Verify_SwappedEvents_ReportsTheFirstOfThem()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            var all = await ReadAllAsync(store);
            // Swap the contents of rows 2 and 4 but keep each row's position, as an UPDATE of two rows would.
            store.TamperForTests(1, all[3] with { Sequence = 2 });
            store.TamperForTests(3, all[1] with { Sequence = 4 });

            var result = await host.Consents.VerifyAsync();

            Assert.Equal(2, result.FirstBrokenPosition);
            Assert.Equal(ChainBreak.Relinked, result.Break);
        }
    }

    [Fact]
    public async Task Verify_EmptyLedger_IsIntactWithoutHead()
    {
        using var host = new ConsentTestHost();

        var result = await host.Consents.VerifyAsync();

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntryCount);
        Assert.Null(result.HeadHash);
    }

    [Fact]
    public void Receipt_Json_MatchesTheFixedDocument()
    {
        var sealedEvent = ConsentChain.Seal(Fixed, 0, ConsentChain.GenesisHash);
        var receipt = new ConsentReceipt(sealedEvent, PurposeCatalog.Default[ConsentPurposes.NewsAndOffers]);

        const string expected = """
            {
              "schema_version": "hrplus-consent-receipt/1 (ISO/IEC TS 27560:2023)",
              "receipt_id": "0192f3a0-0000-7000-8000-000000000001",
              "record_id": "0192f3a0-0000-7000-8000-000000000001",
              "created": "2026-09-01T04:00:00.000000Z",
              "pii_principal_id": "pupil-0001",
              "pii_controllers": [
                {
                  "name": "ТОО «HR\u002B Мониторинг»",
                  "bin": "150340000015"
                }
              ],
              "notice": {
                "policy_version": 1,
                "language": "ru",
                "content_hash": "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
              },
              "purposes": [
                {
                  "purpose_id": "news-offers",
                  "purpose": {
                    "kk": "Жаңалықтар мен арнайы ұсыныстар (келісіммен)",
                    "ru": "Новости и специальные предложения (с согласия)",
                    "en": "News and special offers (with consent)"
                  },
                  "legal_basis": "consent",
                  "explicit_opt_in": true,
                  "pii_categories": [
                    "full-name",
                    "iin"
                  ],
                  "third_party_disclosure": false,
                  "cross_border_transfer": false,
                  "public_sources": false
                }
              ],
              "event": {
                "type": "consent-given",
                "time": "2026-09-01T04:00:00.000000Z",
                "method": "web-form",
                "given_by": {
                  "type": "representative",
                  "id": "parent-0001",
                  "relationship": "parent",
                  "minor_also_agreed": true
                }
              },
              "consent_state": "given",
              "expiry": "2027-09-01T04:00:00.000000Z",
              "subject_adult_from": "2029-12-03",
              "evidence": {
                "ip_address": "203.0.113.0",
                "user_agent": "Mozilla/5.0"
              },
              "ledger": {
                "position": 1,
                "previous_hash": "0000000000000000000000000000000000000000000000000000000000000000",
                "hash": "75c2d3dcab42c69b6d7b8a68695c0499c9b6372228a38a31656444cf3416ddb9"
              }
            }
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), receipt.ToJson().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task GetReceipt_ForAStoredEvent_AndNullForAnUnknownId()
    {
        var (host, store) = await LedgerWithFiveEventsAsync();
        using (host)
        {
            var first = (await ReadAllAsync(store))[0];

            var receipt = await host.Consents.GetReceiptAsync(first.EventId);

            Assert.NotNull(receipt);
            Assert.Equal(first, receipt.Event);
            Assert.Contains("\"hash\": \"" + first.Hash + "\"", receipt.ToJson(), StringComparison.Ordinal);
            Assert.Null(await host.Consents.GetReceiptAsync(Guid.NewGuid()));
        }
    }

    private static async Task<(ConsentTestHost Host, InMemoryConsentLedgerStore Store)> LedgerWithFiveEventsAsync()
    {
        var store = new InMemoryConsentLedgerStore();
        var host = new ConsentTestHost(ledger: store);
        await host.Policies.PublishAsync(ConsentTestHost.Draft(PolicyChangeKind.Material));
        for (var i = 0; i < 4; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            await host.Consents.GrantAsync(ConsentTestHost.Request($"pupil-{i}", ConsentPurposes.Support, 1, expiresAt: host.Time.GetUtcNow().AddYears(1)));
        }

        await host.Consents.WithdrawAsync(new ConsentWithdrawal { SubjectId = "pupil-0", Purpose = ConsentPurposes.Support });
        return (host, store);
    }

    private static async Task<List<ConsentEvent>> ReadAllAsync(IConsentLedgerStore store)
    {
        var all = new List<ConsentEvent>();
        await foreach (var e in store.ReadAllAsync(default))
        {
            all.Add(e);
        }

        return all;
    }
}
