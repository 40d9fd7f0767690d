using System.Diagnostics;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// A real full disk: a 256 KiB tmpfs mounted for the test and filled up. Needs root (mount); skipped elsewhere, where
/// <see cref="FileSystemFieldKeyStoreTests"/> simulates ENOSPC instead.
/// </summary>
public sealed class FileSystemFieldKeyStoreFullDiskTests : IDisposable
{
    private readonly DirectoryInfo _mountPoint = Directory.CreateTempSubdirectory("hrplus-full-disk-");
    private readonly bool _mounted;

    public FileSystemFieldKeyStoreFullDiskTests()
    {
        _mounted = OperatingSystem.IsLinux() && Environment.UserName == "root" && Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", _mountPoint.FullName);
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _mountPoint.FullName);
        }

        _mountPoint.Delete(recursive: true);
    }

    [SkippableFact]
    public async Task TryAdd_DiskFull_ThrowsIOExceptionLeavesNoFileAndTheNextStartLoads()
    {
        Skip.IfNot(_mounted, "Needs root on Linux to mount a small tmpfs.");
        var folder = new DirectoryInfo(Path.Combine(_mountPoint.FullName, "keys"));
        var store = new FileSystemFieldKeyStore(folder);
        Assert.True(await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None));
        var filler = Path.Combine(_mountPoint.FullName, "filler");
        FillUp(filler);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await store.TryAddAsync(FieldKeyStoreContractTests.Record(2), CancellationToken.None));
        using var ring = new TestKeyRing(store: new FileSystemFieldKeyStore(folder));
        var viaRing = Assert.ThrowsAny<IOException>(() => ring.Ring.CurrentKey);

        Assert.Equal(28, ex.HResult); // ENOSPC
        Assert.Contains("could not write key 00000002", ex.Message, StringComparison.Ordinal);
        Assert.Equal(28, viaRing.HResult);
        Assert.Equal(["key-00000001.json"], folder.GetFiles("key-*").Select(f => f.Name));
        Assert.Empty(folder.GetFiles("*.tmp"));

        File.Delete(filler);
        var next = new FileSystemFieldKeyStore(folder);
        Assert.Single(await next.GetAllAsync(CancellationToken.None));
        Assert.True(await next.TryAddAsync(FieldKeyStoreContractTests.Record(2), CancellationToken.None));
    }

    private static void FillUp(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static bool Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
