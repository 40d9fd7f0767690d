using System.CommandLine;

namespace HrPlus.Privacy.Tool;

/// <summary>The options every command takes (recursive on the root command).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Project = new("--project", "-p")
    {
        Description = "The host app's project (folder or .csproj): built, then loaded like --startup-assembly.",
        Recursive = true,
    };

    public static readonly Option<string?> StartupAssembly = new("--startup-assembly", "-s")
    {
        Description = "The host app's compiled assembly (.dll); its entry point runs until the host is built.",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "A JSON config file (database, DataProtection key folder, options) for a host that cannot be started.",
        Recursive = true,
    };

    public static readonly Option<string?> Environment = new("--environment", "-e")
    {
        Description = "The host environment (Development, Staging, Production); default: the app's own.",
        Recursive = true,
    };

    public static readonly Option<bool> NoBuild = new("--no-build")
    {
        Description = "With --project: do not build, load the last build's output.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write one JSON document to stdout instead of text.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Also print the host's warnings and errors to stderr.",
        Recursive = true,
    };

    /// <summary>Creates the required <c>--actor</c> option of a command that changes data.</summary>
    public static Option<string> Actor() => new("--actor")
    {
        Description = "The operator's name, written into the audit entries (required).",
        Required = true,
    };

    /// <summary>Creates the <c>--yes</c> option of a command that asks for confirmation.</summary>
    public static Option<bool> Yes() => new("--yes", "-y")
    {
        Description = "Do not ask for confirmation.",
    };
}
