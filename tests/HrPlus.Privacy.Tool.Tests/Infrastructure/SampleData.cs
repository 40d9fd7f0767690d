using HrPlus.Privacy.Sample;
using Microsoft.AspNetCore.Builder;

namespace HrPlus.Privacy.Tool.Tests.Infrastructure;

/// <summary>
/// A seeded copy of the sample app's data (SQLite database, DataProtection keys, checkpoints) in a folder of its own, so
/// each test changes only its own data; the tool loads the sample's compiled assembly with the folder as an app argument.
/// </summary>
internal sealed class SampleData : IAsyncDisposable
{
    public const int Pupils = 6;

    private readonly string[] _settings;

    private SampleData(string folder, string[] settings)
    {
        Folder = folder;
        _settings = settings;
    }

    public string Folder { get; }

    /// <summary>Gets the tool arguments that load the sample's assembly on this data (put before "--").</summary>
    public string[] HostArgs => ["--startup-assembly", ToolProcess.SamplePath];

    /// <summary>Gets the app arguments that point the sample at this data (put after "--").</summary>
    public string[] AppArgs => [$"--Sample:DataDirectory={Folder}", $"--Sample:SeedPupils={Pupils}", .. _settings];

    public static async Task<SampleData> CreateAsync(params string[] settings)
    {
        var data = new SampleData(Directory.CreateTempSubdirectory("hrplus-tool-").FullName, settings);
        await using var app = await data.OpenAsync();
        return data;
    }

    /// <summary>Builds the sample in-process on this data (seeding it the first time) to look at what the tool did.</summary>
    public Task<WebApplication> OpenAsync() => SampleApp.BuildAsync([.. AppArgs, "--Logging:LogLevel:Default=Warning"]);

    /// <summary>Runs the tool on this data: <paramref name="args"/> then the host and app arguments.</summary>
    public Task<ToolResult> RunAsync(params string[] args) => ToolProcess.RunAsync([.. args, .. HostArgs, "--", .. AppArgs]);

    public Task<ToolResult> RunWithInputAsync(string stdin, params string[] args) => ToolProcess.RunAsync([.. args, .. HostArgs, "--", .. AppArgs], stdin);

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
