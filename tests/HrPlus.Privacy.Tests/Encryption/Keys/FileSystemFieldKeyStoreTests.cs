using System.Text;
using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FileSystemFieldKeyStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-keys-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task TryAdd_NewFolder_FolderIs0700AndFiles0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; Windows folders inherit the ACL of their parent.
        }

        var folder = Folder("keys");
        var store = new FileSystemFieldKeyStore(folder);

        Assert.True(await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None));
        await store.UpdateAsync(FieldKeyStoreContractTests.Record(1) with { State = FieldKeyState.Retired }, CancellationToken.None);

        const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerAll, File.GetUnixFileMode(folder.FullName));
        var files = Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal([".lock", "key-00000001.json"], files);
        foreach (var file in Directory.GetFiles(folder.FullName))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"Id\": 10, \"Purpose\": \"Encryption\", \"Sta")]
    [InlineData("null")]
    [InlineData("{\"Id\": 11, \"Purpose\": \"Encryption\", \"State\": \"Active\", \"CreatedAt\": \"2026-03-01T08:00:00+00:00\", \"ActivatesAt\": \"2026-03-01T08:00:00+00:00\", \"ExpiresAt\": \"2026-03-31T08:00:00+00:00\"}")]
    public async Task GetAll_UnparseableOrMisnamedKeyFile_SkipsItWithWarningAndLoadsTheRest(string content)
    {
        var folder = Folder("keys");
        var logger = new FakeLogger();
        var store = new FileSystemFieldKeyStore(folder, logger);
        await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "key-0000000a.json"), content);

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));

        Assert.Equal(1u, loaded.Id);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Equal(1020, warning.Id.Id);
        Assert.Equal(
            $"The field key file key-0000000a.json ({Encoding.UTF8.GetByteCount(content)} bytes) cannot be parsed and is skipped; a crash of an older release can leave such a file. Keys in other files load as usual.",
            warning.Message);
    }

    [Fact]
    public async Task GetAll_TemporaryFilesOfCrashedWriters_RemovesThoseOlderThanAMinute()
    {
        var folder = Folder("keys");
        var store = new FileSystemFieldKeyStore(folder);
        await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None);
        var old = Path.Combine(folder.FullName, ".0123456789abcdef0123456789abcdef.tmp");
        var fresh = Path.Combine(folder.FullName, ".fedcba9876543210fedcba9876543210.tmp");
        await File.WriteAllTextAsync(old, "{");
        await File.WriteAllTextAsync(fresh, "{");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow - TimeSpan.FromMinutes(2));

        Assert.Single(await new FileSystemFieldKeyStore(folder).GetAllAsync(CancellationToken.None));

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task Writes_FollowTheCrashSafeOrder()
    {
        var folder = Folder("keys");
        var files = new FaultyKeyFileSystem();
        var store = new FileSystemFieldKeyStore(folder, files);
        var record = FieldKeyStoreContractTests.Record(0xAB);

        await store.TryAddAsync(record, CancellationToken.None);
        var added = Normalize(files.Calls);
        files.Calls.Clear();
        await store.TryUpdateAsync(record with { ReservedEncryptions = 5 }, record, CancellationToken.None);
        var updated = Normalize(files.Calls);

        Assert.Equal(["mkdir", "lock", "write .tmp", "link key-000000ab.json", "unlink .tmp", "fsync folder"], added);
        Assert.Equal(["mkdir", "lock", "write .tmp", "rename key-000000ab.json", "fsync folder"], updated);
        Assert.Equal(["key-000000ab.json"], Directory.GetFiles(folder.FullName, "key-*").Select(f => Path.GetFileName(f)));
        Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
    }

    [Fact]
    public async Task TryUpdate_TwoStoreInstancesOnOneFolder_ExactlyOneWinsEachRound()
    {
        var folder = Folder("keys");
        var first = new FileSystemFieldKeyStore(folder);
        var second = new FileSystemFieldKeyStore(folder);
        var current = FieldKeyStoreContractTests.Record(3);
        await first.TryAddAsync(current, CancellationToken.None);

        for (var round = 0; round < 30; round++)
        {
            var read = current;
            using var start = new Barrier(2);
            var a = Task.Run(async () => { start.SignalAndWait(); return await first.TryUpdateAsync(read with { ReservedEncryptions = read.ReservedEncryptions + 1 }, read, CancellationToken.None); });
            var b = Task.Run(async () => { start.SignalAndWait(); return await second.TryUpdateAsync(read with { ReservedEncryptions = read.ReservedEncryptions + 2 }, read, CancellationToken.None); });
            var results = await Task.WhenAll(a, b);

            Assert.Single(results, won => won);
            current = Assert.Single(await second.GetAllAsync(CancellationToken.None));
            Assert.Equal(read.ReservedEncryptions + (results[0] ? 1 : 2), current.ReservedEncryptions);
        }
    }

    [Fact]
    public async Task TryAdd_FolderLockedByAnotherWriter_WaitsThenThrowsIOException()
    {
        var folder = Folder("keys");
        folder.Create();
        var store = new FileSystemFieldKeyStore(folder) { LockTimeout = TimeSpan.FromMilliseconds(300) };
        using (var held = KeyFileSystem.Instance.TryLock(Path.Combine(folder.FullName, ".lock")))
        {
            Assert.NotNull(held);
            var ex = await Assert.ThrowsAsync<IOException>(async () => await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None));
            Assert.StartsWith($"The field key folder '{folder.FullName}' stayed locked by another writer for 0 s;", ex.Message, StringComparison.Ordinal);
        }

        Assert.True(await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None));
    }

    [Fact]
    public async Task TryAdd_DiskFull_ThrowsIOExceptionAndLeavesNothingThatBlocksTheNextStart()
    {
        var folder = Folder("keys");
        var files = new FaultyKeyFileSystem();
        var store = new FileSystemFieldKeyStore(folder, files);
        await store.TryAddAsync(FieldKeyStoreContractTests.Record(1), CancellationToken.None);
        files.DiskFull = true;

        var ex = await Assert.ThrowsAsync<IOException>(async () => await store.TryAddAsync(FieldKeyStoreContractTests.Record(2), CancellationToken.None));

        Assert.Equal(28, ex.HResult);
        Assert.StartsWith($"The field key store could not write key 00000002 in '{folder.FullName}': No space left on device", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was saved; check free disk space and permissions of the folder.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["key-00000001.json"], Directory.GetFiles(folder.FullName, "key-*").Select(f => Path.GetFileName(f)));
        Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));

        files.DiskFull = false;
        var next = new FileSystemFieldKeyStore(folder);
        Assert.Equal(1u, Assert.Single(await next.GetAllAsync(CancellationToken.None)).Id);
        Assert.True(await next.TryAddAsync(FieldKeyStoreContractTests.Record(2), CancellationToken.None));
    }

    [Fact]
    public void KeyRing_DiskFull_ThrowsIOExceptionNotEveryIdIsTaken()
    {
        var folder = Folder("keys");
        var files = new FaultyKeyFileSystem { DiskFull = true };
        using var ring = new TestKeyRing(store: new FileSystemFieldKeyStore(folder, files));

        var ex = Assert.ThrowsAny<IOException>(() => ring.Ring.CurrentKey);

        Assert.Equal(28, ex.HResult);
        Assert.Equal(1, files.Calls.Count(c => c.StartsWith("write", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(folder.FullName, "key-*"));
        Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
        using var next = new TestKeyRing(store: new FileSystemFieldKeyStore(folder));
        var context = FieldContext.For("Pupil", "FullName");
        Assert.Equal("Әлихан", next.Encryptor.Decrypt(next.Encryptor.Encrypt("Әлихан", context), context));
    }

    private DirectoryInfo Folder(string name) => new(Path.Combine(_root.FullName, name));

    private static string[] Normalize(IEnumerable<string> calls) =>
        [.. calls.Select(c => c.EndsWith(".tmp", StringComparison.Ordinal) ? c[..c.IndexOf(' ', StringComparison.Ordinal)] + " .tmp" : c)];
}
