namespace HrPlus.Privacy.Tool;

/// <summary>The <c>hrplus</c> process: Ctrl+C cancels the running command between its steps.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await ToolApp.RunAsync(args, Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected, cancellation.Token).ConfigureAwait(false);
    }
}
