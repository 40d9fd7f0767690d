using System.CommandLine;
using System.Diagnostics;

namespace HrPlus.Privacy.Tool.Hosting;

/// <summary>Chooses how the host is loaded from the global options: a project, an assembly, or a config file.</summary>
internal static class HostFactory
{
    private static readonly TimeSpan EntryPointTimeout = TimeSpan.FromMinutes(2);

    public static async Task<LoadedHost> LoadAsync(ParseResult parse, ToolEnvironment environment)
    {
        var project = parse.GetValue(GlobalOptions.Project);
        var assembly = parse.GetValue(GlobalOptions.StartupAssembly);
        var config = parse.GetValue(GlobalOptions.Config);
        var hostEnvironment = parse.GetValue(GlobalOptions.Environment);
        var given = (project is null ? 0 : 1) + (assembly is null ? 0 : 1) + (config is null ? 0 : 1);
        if (given > 1)
        {
            throw new ToolException(ExitCodes.Usage, "Give one of --project, --startup-assembly and --config.");
        }

        if (config is not null)
        {
            return ConfigFileHost.Load(config, hostEnvironment);
        }

        if (assembly is null && project is null)
        {
            project = Directory.GetCurrentDirectory();
            if (!Directory.EnumerateFiles(project, "*.csproj").Any())
            {
                throw new ToolException(ExitCodes.Usage, "No host given: use --project, --startup-assembly or --config (or run in the app's project folder).");
            }
        }

        assembly ??= await BuildProjectAsync(project!, parse.GetValue(GlobalOptions.NoBuild)).ConfigureAwait(false);
        return await AppAssemblyHost.LoadAsync(assembly, hostEnvironment, environment.AppArgs, EntryPointTimeout).ConfigureAwait(false);
    }

    /// <summary>Builds the project (unless <paramref name="noBuild"/>) and returns its output assembly's path.</summary>
    private static async Task<string> BuildProjectAsync(string project, bool noBuild)
    {
        var full = Path.GetFullPath(project);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"The project '{full}' does not exist.");
        }

        if (!noBuild)
        {
            var (code, output) = await DotnetAsync("build", full, "--nologo", "-v", "q").ConfigureAwait(false);
            if (code != 0)
            {
                throw new ToolException(ExitCodes.HostUnavailable, $"Building '{full}' failed (exit code {code}):{System.Environment.NewLine}{output.Trim()}");
            }
        }

        var (exit, path) = await DotnetAsync("msbuild", full, "-getProperty:TargetPath", "-nologo").ConfigureAwait(false);
        if (exit != 0 || path.Trim().Length == 0)
        {
            throw new ToolException(ExitCodes.HostUnavailable, $"Could not read the output path of '{full}': {path.Trim()}");
        }

        return path.Trim();
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new ToolException(ExitCodes.HostUnavailable, "Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
