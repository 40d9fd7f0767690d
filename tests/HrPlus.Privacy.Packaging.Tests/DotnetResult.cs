namespace HrPlus.Privacy.Packaging.Tests;

/// <summary>What a <c>dotnet</c> child process did: its command line, exit code, output (stdout and stderr interleaved) and run time.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Output, TimeSpan Duration)
{
    /// <summary>Fails the test with the command and its whole output unless the process exited with 0.</summary>
    public DotnetResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited with {ExitCode} after {Duration.TotalSeconds:F0} s:{Environment.NewLine}{Output}");
        return this;
    }
}
