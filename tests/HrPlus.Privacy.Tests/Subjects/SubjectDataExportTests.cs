using System.Net;
using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Disclosures;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Subjects;

public sealed class SubjectDataExportTests
{
    [Fact]
    public async Task Export_OfASeededSubject_IsTheExpectedDocument()
    {
        var pupils = new PupilTable();
        pupils.Add("pupil-1", new PersonalDataRecord("pupil", "17", [new("full_name", "Әлихан Бекұлы"), new("iin", "100412500013"), new("phone", null)]));
        pupils.Add("pupil-2", new PersonalDataRecord("pupil", "18", [new("full_name", "Алина Иванова")]));
        using var host = new SubjectTestHost(sources: pupils);
        var policy = await host.Policies.PublishAsync(new PolicyDraft { Texts = [new PolicyText("ru", "Политика v1"), new PolicyText("kk", "Саясат v1")], ChangeKind = PolicyChangeKind.Material });
        var granted = await host.Consents.GrantAsync(new ConsentRequest
        {
            SubjectId = "pupil-1",
            Purpose = ConsentPurposes.NewsAndOffers,
            PolicyVersion = 1,
            Language = "kk",
            SubjectBirthDate = new DateOnly(2010, 4, 12),
            GivenBy = ConsentGiver.Representative("parent-1", RepresentativeRelationship.Parent),
            DataCategories = ["full-name", "e-mail"],
            IpAddress = IPAddress.Parse("192.0.2.10"),
        });
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var withdrawn = await host.Consents.WithdrawAsync(new ConsentWithdrawal
        {
            SubjectId = "pupil-1",
            Purpose = ConsentPurposes.NewsAndOffers,
            GivenBy = ConsentGiver.Representative("parent-1", RepresentativeRelationship.Parent),
        });
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.LegalRepresentative, "operator-7");
        await host.Blocking.UnblockAsync("pupil-1", "operator-7");
        await host.Shared.AccessLog.AppendAsync(
            [new AccessRecord
            {
                Timestamp = host.Time.GetUtcNow(),
                ClientIp = "192.0.2.0",
                Method = "GET",
                Path = "/pupils/17",
                Referer = "https://school.example/pupils",
                UserAgent = "Mozilla/5.0",
                CookieNames = [".AspNetCore.Cookies"],
                StatusCode = 200,
                DurationMilliseconds = 3.5,
                SubjectPseudonym = host.Services.GetRequiredService<IPseudonymizer>().Pseudonymize("pupil-1", AccessRecord.SubjectPseudonymDomain),
            }],
            [],
            CancellationToken.None);
        var disclosure = await host.Services.GetRequiredService<IDisclosureLog>().RecordAsync(new DisclosureRequest
        {
            Recipient = "Department of Education of Astana",
            LegalBasis = "Law 94-V Art. 9",
            DataCategories = ["full-name", "iin"],
            Subjects = ["pupil-1", "pupil-2"],
            AuthorizedBy = "director-1",
        });
        var t0 = host.Time.GetUtcNow();

        var document = await host.Export.ExportAsync("pupil-1", "pupil-1");

        var grantReceipt = (await host.Consents.GetReceiptAsync(granted.EventId))!.ToJson();
        var withdrawReceipt = (await host.Consents.GetReceiptAsync(withdrawn.EventId))!.ToJson();
        var expected = $$"""
            {
              "schema": "hrplus-subject-export/1",
              "subject_id": "pupil-1",
              "generated_at": "2026-09-01T04:10:00.000000Z",
              "operator": {
                "name": "ТОО «HR\u002B Мониторинг»",
                "bin": "150340000015"
              },
              "data": {
                "pupils": [
                  {
                    "type": "pupil",
                    "id": "17",
                    "fields": {
                      "full_name": "Әлихан Бекұлы",
                      "iin": "100412500013",
                      "phone": null
                    }
                  }
                ]
              },
              "consents": [
            {{Indent(grantReceipt)}},
            {{Indent(withdrawReceipt)}}
              ],
              "policy_versions_accepted": [
                {
                  "version": 1,
                  "effective_from": "2026-09-01T04:00:00.000000Z",
                  "change_kind": "material",
                  "language": "kk",
                  "text_hash": "{{policy.GetText("kk")!.ContentHash}}"
                }
              ],
              "blocks": [
                {
                  "blocked_at": "2026-09-01T04:10:00.000000Z",
                  "requester": "legal-representative",
                  "reason": "accuracy disputed",
                  "unblocked_at": "2026-09-01T04:10:00.000000Z"
                }
              ],
              "access_log": [
                {
                  "time": "2026-09-01T04:10:00.000000Z",
                  "method": "GET",
                  "path": "/pupils/17",
                  "client_ip": "192.0.2.0",
                  "referer": "https://school.example/pupils",
                  "user_agent": "Mozilla/5.0",
                  "status": 200
                }
              ],
              "disclosures": [
                {
                  "disclosed_at": "2026-09-01T04:10:00.000000Z",
                  "recipient": "Department of Education of Astana",
                  "legal_basis": "Law 94-V Art. 9",
                  "data_categories": [
                    "full-name",
                    "iin"
                  ]
                }
              ],
              "processing": [
                {
                  "time": "2026-09-01T04:10:00.000000Z",
                  "operation": "block",
                  "actor": "operator-7",
                  "purpose": "accuracy disputed",
                  "target": "LegalRepresentative"
                },
                {
                  "time": "2026-09-01T04:10:00.000000Z",
                  "operation": "unblock",
                  "actor": "operator-7",
                  "purpose": "accuracy disputed",
                  "target": null
                },
                {
                  "time": "2026-09-01T04:10:00.000000Z",
                  "operation": "transfer",
                  "actor": "director-1",
                  "purpose": "legal-obligation",
                  "target": "disclosure:{{disclosure.Id:D}}"
                }
              ]
            }
            """;
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 4, 10, 0, TimeSpan.Zero), t0);
        Assert.Equal(expected.ReplaceLineEndings("\n"), document.ReplaceLineEndings("\n"));

        var exportEntry = (await host.Audit.GetBySubjectAsync("pupil-1"))[^1];
        Assert.Equal(AuditOperation.Export, exportEntry.Operation);
        Assert.Equal("subject-export", exportEntry.Target);
    }

    [Fact]
    public async Task Export_OfAnUnknownSubject_HasEmptySections_AndAnIinIsRefused()
    {
        using var host = new SubjectTestHost();

        var document = await host.Export.ExportAsync("nobody", "operator-1");
        var iin = await Assert.ThrowsAsync<ArgumentException>(async () => await host.Export.ExportAsync("100412500013", "operator-1"));

        Assert.Contains("\"data\": {}", document, StringComparison.Ordinal);
        Assert.Contains("\"consents\": []", document, StringComparison.Ordinal);
        Assert.Contains("\"processing\": []", document, StringComparison.Ordinal);
        Assert.DoesNotContain("100412500013", iin.Message, StringComparison.Ordinal);
    }

    // Receipts are written by the same writer one level deeper: indent their lines by the array's depth.
    private static string Indent(string json) =>
        string.Join("\n", json.ReplaceLineEndings("\n").Split('\n').Select(line => "    " + line));
}
