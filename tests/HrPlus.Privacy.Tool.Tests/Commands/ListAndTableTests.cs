using System.Globalization;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>hrplus keys list --all</c> and <c>hrplus report table</c> as processes against the sample.</summary>
public sealed class ListAndTableTests
{
    [Fact]
    public async Task KeysList_CountsPerSubjectKeys_AndAllListsEachOfThem()
    {
        await using var data = await SampleData.CreateAsync();

        var counted = await data.RunAsync("keys", "list", "--json");
        var all = await data.RunAsync("keys", "list", "--all", "--json");
        var text = await data.RunAsync("keys", "list");

        Assert.True(counted.ExitCode == 0 && all.ExitCode == 0, counted + "\n" + all);
        var subjectKeys = counted.Json().GetProperty("subjectKeys").GetInt32();
        Assert.True(subjectKeys >= SampleData.Pupils, counted.ToString());
        var shown = counted.Json().GetProperty("keys").EnumerateArray().ToList();
        var listed = all.Json().GetProperty("keys").EnumerateArray().ToList();
        Assert.DoesNotContain(shown, k => k.GetProperty("purpose").GetString() == "SubjectEncryption");
        Assert.Equal(subjectKeys, listed.Count(k => k.GetProperty("purpose").GetString() == "SubjectEncryption"));
        Assert.Equal(shown.Count + subjectKeys, listed.Count);
        Assert.Contains($"{subjectKeys} per-subject keys not shown (--all lists them).", text.Stdout);
    }

    [Fact]
    public async Task ReportTable_WritesTheSuppressedTable_AndTheSdkAuditsTheReleaseWithTheActor()
    {
        await using var data = await SampleData.CreateAsync();
        var input = Path.Combine(data.Folder, "answers.csv");
        var lines = new List<string> { "Id,Class,Anxiety" };
        for (var i = 0; i < 43; i++)
        {
            // 7A: 20 pupils, 7B: 20, 7C: 3 (a cell under k that must not be published).
            var klass = i < 20 ? "7A" : i < 40 ? "7B" : "7C";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"s{i},{klass},{(i % 2 == 0 ? "high" : "low")}"));
        }

        await File.WriteAllLinesAsync(input, lines);
        var output = Path.Combine(data.Folder, "table.csv");

        var run = await data.RunAsync("report", "table", "--input", input, "--rows", "Class", "--columns", "Anxiety", "--subject", "Id", "--k", "5", "--out", output, "--actor", "ops-aliya", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal((3, 2), (json.GetProperty("rows").GetInt32(), json.GetProperty("columns").GetInt32()));
        Assert.True(json.GetProperty("primarySuppressed").GetInt32() >= 2, run.ToString());
        var written = await File.ReadAllTextAsync(output);
        Assert.Contains("7A", written);
        Assert.DoesNotContain("s1", written);
        var missing = await data.RunAsync("report", "table", "--input", input, "--rows", "Class", "--out", Path.Combine(data.Folder, "t2.csv"));
        Assert.True(missing.ExitCode == 2, missing.ToString());

        await using var app = await data.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await KeysCommandTests.ReadAuditAsync(scope.ServiceProvider);
        Assert.Single(audit, e => e.Operation == AuditOperation.Export && e.Actor == "ops-aliya" && e.Purpose == "statistics");
    }
}
