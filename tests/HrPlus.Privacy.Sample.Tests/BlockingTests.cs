using System.Net;
using System.Text.RegularExpressions;
using HrPlus.Privacy.Sample.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Sample.Tests;

/// <summary>The sample binds pupil data to the pupil, so a block stops their decryption without breaking the list.</summary>
public sealed partial class BlockingTests
{
    [Fact]
    public async Task BlockedPupil_IsLeftOutOfTheList_AndTheirRecordAnswers423()
    {
        await using var server = await SampleServer.StartAsync();
        var (_, before) = await server.GetAsync("/pupils?lang=en");
        var ids = RowIds().Matches(before).Select(m => m.Groups[1].Value).ToList();
        var blocked = ids[2];

        await server.Services.GetRequiredService<ISubjectBlocking>().BlockAsync(blocked, "accuracy disputed, request 2026-41", BlockRequester.LegalRepresentative, "sample-operator");
        var (listStatus, list) = await server.GetAsync("/pupils?lang=en");
        var (recordStatus, record) = await server.GetAsync($"/pupils/{blocked}?lang=en");
        var (otherStatus, _) = await server.GetAsync($"/pupils/{ids[0]}?lang=en");

        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal(ids.Where(id => id != blocked), RowIds().Matches(list).Select(m => m.Groups[1].Value));
        Assert.Equal(HttpStatusCode.Locked, recordStatus);
        Assert.Contains("id=\"pupil-blocked\"", record, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
    }

    [GeneratedRegex("<tr data-pupil-id=\"([0-9a-f-]{36})\">")]
    private static partial Regex RowIds();
}
