using System.Globalization;
using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>hrplus report …</c>, <c>--help</c> and host-loading failures, as processes.</summary>
public sealed class ReportCommandTests
{
    [Fact]
    public async Task Anonymize_WritesAKAnonymousCsv_AndTheSdkAuditsTheExportWithTheActor()
    {
        await using var data = await SampleData.CreateAsync();
        var input = Path.Combine(data.Folder, "data.csv");
        var lines = new List<string> { "Id,FullName,Age,Anxiety" };
        for (var i = 0; i < 40; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"s{i},Pupil {i},{7 + (i % 11)},{(i % 3 == 0 ? "high" : "low")}"));
        }

        await File.WriteAllLinesAsync(input, lines);
        var schema = Path.Combine(data.Folder, "schema.json");
        await File.WriteAllTextAsync(schema, """
            { "columns": [
              { "name": "Id", "role": "direct", "handling": "pseudonymize", "subjectId": true },
              { "name": "FullName", "role": "direct" },
              { "name": "Age", "role": "quasi", "hierarchy": { "intervals": [5, 10, 20] } },
              { "name": "Anxiety", "role": "sensitive" } ] }
            """);
        var output = Path.Combine(data.Folder, "out.csv");

        var run = await data.RunAsync("report", "anonymize", "--input", input, "--schema", schema, "--k", "5", "--l", "2", "--out", output, "--actor", "ops-marat", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(40, json.GetProperty("inputRows").GetInt32());
        Assert.True(json.GetProperty("smallestClass").GetInt32() >= 5);
        var written = await File.ReadAllLinesAsync(output);
        Assert.DoesNotContain("FullName", written[0]);
        Assert.DoesNotContain(written, l => l.Contains("Pupil ", StringComparison.Ordinal));
        Assert.Equal(json.GetProperty("rows").GetInt32() + 1, written.Length);

        await using var app = await data.OpenAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await KeysCommandTests.ReadAuditAsync(scope.ServiceProvider);
        Assert.Contains(audit, e => e.Operation == AuditOperation.Export && e.Actor == "ops-marat" && e.Purpose == "statistics");
    }

    [Fact]
    public async Task Anonymize_HostileSchema_ExitsSevenBeforeLoadingTheHost()
    {
        var folder = Directory.CreateTempSubdirectory("hrplus-report-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "data.csv"), "A\n1\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "schema.json"), "{\"columns\":[{\"name\":\"A\",\"role\":\"quasi\",\"hierarchy\":{\"tree\":\"../x.csv\"}}]}");

            var run = await ToolProcess.RunAsync(["report", "anonymize", "--input", Path.Combine(folder, "data.csv"), "--schema", Path.Combine(folder, "schema.json"), "--out", Path.Combine(folder, "o.csv"), "--actor", "ops", "--config", Path.Combine(folder, "missing.json")]);

            Assert.True(run.ExitCode == 7, run.ToString());
            Assert.Contains("outside the schema's folder", run.Stderr);
            Assert.False(File.Exists(Path.Combine(folder, "o.csv")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var run = await ToolProcess.RunAsync(["--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var command in new[] { "keys", "evidence", "receipt", "subject", "report", "check", "--startup-assembly", "--config", "--json" })
        {
            Assert.Contains(command, run.Stdout);
        }
    }

    [Fact]
    public async Task Host_MissingAssemblyOrConfig_ExitsThree()
    {
        var assembly = await ToolProcess.RunAsync(["keys", "list", "--startup-assembly", "/nonexistent/App.dll"]);
        var config = await ToolProcess.RunAsync(["keys", "list", "--config", "/nonexistent/hrplus.json", "--json"]);

        Assert.True(assembly.ExitCode == 3, assembly.ToString());
        Assert.Contains("The startup assembly '/nonexistent/App.dll' does not exist", assembly.Stderr);
        Assert.True(config.ExitCode == 3, config.ToString());
        Assert.Equal(3, config.Json().GetProperty("error").GetProperty("exitCode").GetInt32());
    }
}
