using System.Diagnostics;
using HrPlus.Privacy.Tool.Tests.Infrastructure;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>Progress bars on a terminal (a pseudo-terminal from util-linux <c>script</c>), none when redirected.</summary>
public sealed class ProgressTests
{
    [SkippableFact]
    public async Task Migrate_OnATerminal_ShowsProgress_RedirectedShowsNone()
    {
        Skip.IfNot(File.Exists("/usr/bin/script"), "util-linux 'script' is not installed: no pseudo-terminal to run the tool on.");
        await using var data = await SampleData.CreateAsync();
        Assert.Equal(0, (await data.RunAsync("keys", "rotate", "--actor", "ops")).ExitCode);
        var redirected = await data.RunAsync("keys", "migrate", "--actor", "ops");

        Assert.Equal(0, (await data.RunAsync("keys", "rotate", "--actor", "ops")).ExitCode);
        string[] args = ["dotnet", ToolProcess.ToolPath, "keys", "migrate", "--actor", "ops", .. data.HostArgs, "--", .. data.AppArgs];
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-qec");
        start.ArgumentList.Add(string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'")));
        start.ArgumentList.Add("/dev/null");
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "120";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var terminal = await output;

        Assert.True(process.ExitCode == 0, terminal);
        Assert.Contains("100%", terminal);
        Assert.Contains("Pupil", terminal);
        Assert.True(redirected.ExitCode == 0, redirected.ToString());
        Assert.DoesNotContain("100%", redirected.Stdout);
        Assert.DoesNotContain("\u001b[", redirected.Stdout);
    }
}
