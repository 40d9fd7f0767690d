using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// A real process (tests/HrPlus.Privacy.KeyWriter) rotates keys, makes and destroys subject keys on the file store, and
/// is killed with SIGKILL at random moments, again and again over the same folder: each restart loads, and every change
/// it acknowledged before a kill is on disk.
/// </summary>
public sealed class FileSystemFieldKeyStoreProcessKillTests : IDisposable
{
    private const int Kills = 12;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-process-kill-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task KilledAtRandomMoments_EveryRestartLoadsAndKeepsEveryAcknowledgedChange()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var dataProtection = Path.Combine(_root.FullName, "dp-keys");
        var keys = new DirectoryInfo(Path.Combine(_root.FullName, "field-keys"));
        var made = new HashSet<uint>();
        var destroyed = new HashSet<uint>();

        for (var kill = 1; kill <= Kills; kill++)
        {
            var lines = await RunAndKillAsync(dataProtection, keys.FullName, TimeSpan.FromMilliseconds(random.Next(10, 400)), $"seed {seed}, kill {kill}");
            foreach (var (change, id) in lines)
            {
                (change == "destroyed" ? destroyed : made).Add(id);
            }

            var logger = new FakeLogger();
            var loaded = (await new FileSystemFieldKeyStore(keys, logger).GetAllAsync(CancellationToken.None)).ToDictionary(r => r.Id);
            Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
            Assert.Equal(loaded.Count, keys.GetFiles("key-*.json").Length);
            foreach (var id in made)
            {
                Assert.True(loaded.ContainsKey(id), $"seed {seed}, kill {kill}: acknowledged key {id:x8} lost");
            }

            foreach (var id in destroyed)
            {
                Assert.Equal(FieldKeyState.Destroyed, loaded[id].State);
                Assert.Null(loaded[id].WrappedKey);
            }
        }

        Assert.NotEmpty(destroyed);
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(dataProtection)).SetApplicationName("hrplus-key-writer");
        services.AddHrPlusPrivacy().PersistFieldKeysToFileSystem(keys);
        using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IFieldEncryptor>();
        var context = FieldContext.For("Pupil", "Iin");
        Assert.Equal("050315500123", encryptor.Decrypt(encryptor.Encrypt("050315500123", context), context));
    }

    /// <summary>Starts the writer, waits until it has loaded the keys, lets it run for <paramref name="runFor"/>, kills it.</summary>
    private static async Task<List<(string Change, uint Id)>> RunAndKillAsync(string dataProtection, string keys, TimeSpan runFor, string what)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WriterPath());
        start.ArgumentList.Add(dataProtection);
        start.ArgumentList.Add(keys);
        using var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = process.StandardError.ReadToEndAsync();
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "ready")
                {
                    ready.TrySetResult();
                }
                else
                {
                    lines.Enqueue(line);
                }
            }
        });

        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1)));
        Assert.True(started == ready.Task, $"{what}: the writer did not start over the folder: {(process.HasExited ? await stderr : "timed out")}");
        await Task.Delay(runFor);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reader;
        Assert.False(lines.IsEmpty, $"{what}: the writer reported nothing");
        return [.. lines.Select(Parse)];
    }

    private static (string, uint) Parse(string line)
    {
        var parts = line.Split(' ');
        return (parts[0], uint.Parse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    private static string WriterPath()
    {
        // The writer is built beside this project: tests/HrPlus.Privacy.KeyWriter/bin/<configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "HrPlus.Privacy.KeyWriter", "bin", output.Parent.Name, output.Name, "HrPlus.Privacy.KeyWriter.dll");
        Assert.True(File.Exists(path), $"The key writer was not built at {path}.");
        return path;
    }
}
