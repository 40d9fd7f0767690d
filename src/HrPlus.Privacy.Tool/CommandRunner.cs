using System.CommandLine;
using System.Security.Cryptography;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Tool.Hosting;
using HrPlus.Privacy.Tool.Output;

namespace HrPlus.Privacy.Tool;

/// <summary>Everything a command's body needs: its parse result, output, and (lazily) the host's services.</summary>
internal sealed class CommandContext(ParseResult parse, ToolOutput output, ToolEnvironment environment) : IAsyncDisposable
{
    private LoadedHost? _host;

    public ParseResult Parse { get; } = parse;

    public ToolOutput Output { get; } = output;

    public ToolEnvironment Environment { get; } = environment;

    /// <summary>Builds (once) and returns the host's services, by <c>--project</c>, <c>--startup-assembly</c> or <c>--config</c>.</summary>
    public async Task<LoadedHost> HostAsync()
    {
        return _host ??= await HostFactory.LoadAsync(Parse, Environment).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            if (Parse.GetValue(GlobalOptions.Verbose))
            {
                foreach (var entry in _host.Log.Entries)
                {
                    Output.Error($"{entry.Level.ToString().ToLowerInvariant()}: {entry.Category}[{entry.EventId}] {entry.Message}");
                }
            }

            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The process's streams and the arguments meant for the app (after <c>--</c>).</summary>
internal sealed record ToolEnvironment(TextWriter Out, TextWriter Error, TextReader In, bool Interactive, IReadOnlyList<string> AppArgs);

/// <summary>Runs a command's body and turns its failures into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, ToolEnvironment environment, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, environment, body, cancellationToken));

    private static async Task<int> RunAsync(ParseResult parse, ToolEnvironment environment, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = new ToolOutput(parse.GetValue(GlobalOptions.Json), environment.Out, environment.Error, environment.In, environment.Interactive);
        await using var context = new CommandContext(parse, output, environment);
        try
        {
            return await body(context, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException ex)
        {
            return Fail(output, ex.ExitCode, ex.Message);
        }
        catch (DepersonalizationException ex)
        {
            return Fail(output, ExitCodes.Failed, $"{ex.Error}: {ex.Message}");
        }
        catch (KeyNotFoundException ex)
        {
            return Fail(output, ExitCodes.NotFound, ex.Message);
        }
        catch (ArgumentException ex)
        {
            // The SDK's validation of what the operator typed (actor, subject id, reason).
            return Fail(output, ExitCodes.Usage, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // The SDK's refusals (current root, destroyed key, nothing to unblock) are InvalidOperationExceptions whose
            // messages say what to do and never hold a personal value.
            return Fail(output, ExitCodes.Refused, ex.Message);
        }
        catch (CryptographicException ex)
        {
            return Fail(output, ExitCodes.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            return Fail(output, ExitCodes.Failed, "Cancelled.");
        }
    }

    public static int Fail(ToolOutput output, int exitCode, string message)
    {
        output.Error($"hrplus: {message}");
        output.WriteJson(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteNumber("exitCode", exitCode);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        });
        return exitCode;
    }
}
