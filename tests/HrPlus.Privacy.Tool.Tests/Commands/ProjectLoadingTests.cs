using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Tool.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary><c>--project</c>: the host found from its project file (its build output), like <c>dotnet ef</c>.</summary>
public sealed class ProjectLoadingTests
{
    [Fact]
    public async Task Project_WithNoBuild_LoadsTheProjectsBuildOutput_TheSameHostAsStartupAssembly()
    {
        // MSBuild's TargetPath of the project is its Debug output; the sample is built with this test project.
        Assert.True(ToolProcess.Configuration == "Debug" || File.Exists(ToolProcess.InRepository("samples/HrPlus.Privacy.Sample/bin/Debug/net10.0/HrPlus.Privacy.Sample.dll")),
            "Build the sample in Debug for --project (its default configuration).");
        await using var data = await SampleData.CreateAsync();
        uint current;
        await using (var app = await data.OpenAsync())
        {
            current = app.Services.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
        }

        var project = ToolProcess.InRepository("samples/HrPlus.Privacy.Sample/HrPlus.Privacy.Sample.csproj");
        var run = await ToolProcess.RunAsync(["keys", "list", "--json", "--project", project, "--no-build", "--", .. data.AppArgs]);
        var folder = await ToolProcess.RunAsync(["keys", "list", "--json", "--project", Path.GetDirectoryName(project)!, "--no-build", "--", .. data.AppArgs]);
        var missing = await ToolProcess.RunAsync(["keys", "list", "--project", Path.Combine(data.Folder, "Nothing.csproj"), "--no-build"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(current.ToString("x8"), run.Json().GetProperty("current").GetString());
        Assert.True(folder.ExitCode == 0, folder.ToString());
        Assert.Equal(current.ToString("x8"), folder.Json().GetProperty("current").GetString());
        Assert.True(missing.ExitCode == 3, missing.ToString());
    }
}
