using Xunit.Abstractions;
using Xunit.Sdk;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// The folder the browser test saves its screenshots in (<c>screenshots/</c> beside the test assembly). Its path is
/// printed in the test run's output as a diagnostic message (<c>xunit.runner.json</c> turns those on).
/// </summary>
public sealed class ScreenshotFolder
{
    public ScreenshotFolder(IMessageSink diagnostics)
    {
        Path = System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(Path);
        diagnostics.OnMessage(new DiagnosticMessage($"Browser test screenshots: {Path}"));
    }

    public string Path { get; }
}
