using System.Diagnostics;
using System.Text.Json;

namespace HrPlus.Privacy.Tool.Tests.Infrastructure;

/// <summary>Runs the built <c>hrplus</c> as a process (stdout and stdin redirected) and collects what it wrote.</summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>Gets the tool's own build output (hrplus.dll), next to this test project's configuration.</summary>
    public static string ToolPath => Built("src/HrPlus.Privacy.Tool", "hrplus.dll");

    /// <summary>Gets the sample app's compiled assembly.</summary>
    public static string SamplePath => Built("samples/HrPlus.Privacy.Sample", "HrPlus.Privacy.Sample.dll");

    public static async Task<ToolResult> RunAsync(IEnumerable<string> args, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hrplus {string.Join(' ', args)} did not end within {Timeout}.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Gets the configuration this test project was built in (Debug or Release).</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>Gets a path in the repository.</summary>
    public static string InRepository(string relative)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HrPlus.Privacy.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, relative);
    }

    private static string Built(string project, string file)
    {
        var baseDirectory = AppContext.BaseDirectory;
        var root = new DirectoryInfo(baseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HrPlus.Privacy.sln")))
        {
            root = root.Parent;
        }

        // .../tests/HrPlus.Privacy.Tool.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(root!.FullName, project, "bin", configuration, "net10.0", file);
    }
}

/// <summary>What one run of the tool did.</summary>
internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"stdout is not JSON (exit {ExitCode}):\n{Stdout}\nstderr:\n{Stderr}", ex);
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
