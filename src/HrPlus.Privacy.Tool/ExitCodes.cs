namespace HrPlus.Privacy.Tool;

/// <summary>The process exit codes of <c>hrplus</c>; documented in docs and stable for scripts.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked; a check or verification found nothing wrong.</summary>
    public const int Success = 0;

    /// <summary>A verification or check found a problem (broken chain, unhealthy check, report that cannot be protected).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or option, missing value, bad value, missing <c>--actor</c>.</summary>
    public const int Usage = 2;

    /// <summary>The host's services could not be built (assembly not found, entry point failed, bad config file).</summary>
    public const int HostUnavailable = 3;

    /// <summary>The SDK refused the operation (current key or root, destroyed key, subject not blocked, ...).</summary>
    public const int Refused = 4;

    /// <summary>The operator did not confirm a destructive command (or no terminal to ask and no <c>--yes</c>).</summary>
    public const int NotConfirmed = 5;

    /// <summary>What the command names does not exist (key id, subject with nothing stored, file).</summary>
    public const int NotFound = 6;

    /// <summary>An input file was malformed (schema, CSV, hierarchy, receipt, public keys).</summary>
    public const int BadInput = 7;
}
