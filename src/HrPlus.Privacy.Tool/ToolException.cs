namespace HrPlus.Privacy.Tool;

/// <summary>
/// A failure the tool reports as one line and an exit code (see <see cref="ExitCodes"/>). Messages name files, options
/// and key ids, never a personal value.
/// </summary>
internal sealed class ToolException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Gets the exit code the process ends with.</summary>
    public int ExitCode { get; } = exitCode;
}
