using System.CommandLine;
using HrPlus.Privacy.Tool.Commands;

namespace HrPlus.Privacy.Tool;

/// <summary>The <c>hrplus</c> command line: the command tree, parsing, and the exit code.</summary>
internal static class ToolApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, bool interactive, CancellationToken cancellationToken = default)
    {
        // Arguments after "--" are the app's own (as with dotnet ef): its entry point receives them.
        var separator = Array.IndexOf(args, "--");
        var toolArgs = separator < 0 ? args : args[..separator];
        var appArgs = separator < 0 ? [] : args[(separator + 1)..];
        var environment = new ToolEnvironment(output, error, input, interactive, appArgs);
        var root = Build(environment);
        var parse = root.Parse(toolArgs);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"hrplus: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'hrplus --help' (or the command with --help) for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = true }, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand Build(ToolEnvironment environment)
    {
        var root = new RootCommand(
            "hrplus: the HR+ operator's tool. Works on the host app's own services (--project or --startup-assembly, as dotnet ef does) " +
            "or on a config file (--config). Arguments after -- go to the app.");
        root.Add(GlobalOptions.Project);
        root.Add(GlobalOptions.StartupAssembly);
        root.Add(GlobalOptions.Config);
        root.Add(GlobalOptions.Environment);
        root.Add(GlobalOptions.NoBuild);
        root.Add(GlobalOptions.Json);
        root.Add(GlobalOptions.Verbose);
        root.Add(KeysCommands.Create(environment));
        root.Add(EvidenceCommands.Create(environment));
        root.Add(ReceiptCommands.Create(environment));
        root.Add(SubjectCommands.Create(environment));
        root.Add(ReportCommands.Create(environment));
        root.Add(CheckCommand.Create(environment));
        return root;
    }
}
