using System.Diagnostics;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// Three processes (tests/HrPlus.Privacy.KeyWriter) over one field-key folder and one epoch folder, released at the same
/// moment, enrol the same new subjects: the folder's lock and its link-without-overwrite leave one live key per subject,
/// and every value any of them wrote decrypts.
/// </summary>
public sealed class FleetEnrolmentProcessTests : IDisposable
{
    private const int Subjects = 30;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-fleet-enrol-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task ThreeProcessesEnrolTheSameNewSubjectsAtOnce_OneLiveKeyPerSubject_AndEveryValueDecrypts()
    {
        var dataProtection = Path.Combine(_root.FullName, "dp-keys");
        var keys = Path.Combine(_root.FullName, "field-keys");
        var epochs = Path.Combine(_root.FullName, "epoch-keys");

        // The first start makes DataProtection's key, so the three share it (as a fleet shares its ring).
        await RunAsync([Start(dataProtection, keys, epochs, subjects: 0)]);
        var values = await RunAsync([.. Enumerable.Range(0, 3).Select(_ => Start(dataProtection, keys, epochs, Subjects))]);

        var store = new FileSystemFieldKeyStore(new DirectoryInfo(keys));
        for (var i = 0; i < Subjects; i++)
        {
            Assert.Single(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, $"pupil-{i}", CancellationToken.None));
        }

        Assert.Single(await store.GetAllAsync(CancellationToken.None), r => r.Purpose == FieldKeyPurpose.Encryption);
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(dataProtection)).SetApplicationName("hrplus-key-writer");
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = epochs; }).PersistFieldKeysToFileSystem(new DirectoryInfo(keys));
        using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IFieldEncryptor>();
        Assert.Equal(3 * Subjects, values.Count);
        Assert.All(values, v => Assert.Equal($"name of {v.Subject}", encryptor.Decrypt(v.Ciphertext, FieldContext.For("Pupil", "FullName").WithSubject(v.Subject))));
    }

    private static Process Start(string dataProtection, string keys, string epochs, int subjects)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { WriterPath(), "enrol", dataProtection, keys, epochs, subjects.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits until every process is ready, releases them together, and collects what they wrote.</summary>
    private static async Task<List<(string Subject, string Ciphertext)>> RunAsync(Process[] processes)
    {
        try
        {
            foreach (var process in processes)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
                Assert.True(line == "ready", $"a writer did not start: {line} {(process.HasExited ? await process.StandardError.ReadToEndAsync() : string.Empty)}");
            }

            foreach (var process in processes)
            {
                await process.StandardInput.WriteLineAsync("go");
                await process.StandardInput.FlushAsync();
            }

            var values = new List<(string, string)>();
            foreach (var process in processes)
            {
                while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line && line != "done")
                {
                    var parts = line.Split(' ');
                    Assert.True(parts is ["value", _, _], $"unexpected output: {line}");
                    values.Add((parts[1], parts[2]));
                }

                Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));
                Assert.Equal(0, process.ExitCode);
            }

            return values;
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private static string WriterPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(output.Parent!.Parent!.Parent!.Parent!.FullName, "HrPlus.Privacy.KeyWriter", "bin", output.Parent.Name, output.Name, "HrPlus.Privacy.KeyWriter.dll");
        Assert.True(File.Exists(path), $"The key writer was not built at {path}.");
        return path;
    }
}
