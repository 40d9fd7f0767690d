using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// A writer of the file store (the store alone, and a key ring over it) is killed just before each of its file operations in turn (and inside each file write,
/// leaving an empty or a half-written file): the next start always loads, every acknowledged write is there, a destroyed
/// key stays destroyed, and the folder takes new writes.
/// </summary>
public sealed class FileSystemFieldKeyStoreKillTests : IDisposable
{
    private static readonly DateTimeOffset Now = FieldKeyStoreContractTests.Now;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-kill-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Kill_BeforeEachFileOperation_NextStartLoadsEveryAcknowledgedKey()
    {
        var dryRun = new FaultyKeyFileSystem();
        await RunAsync(new FileSystemFieldKeyStore(Folder("dry-run"), dryRun), new Script());
        Assert.True(dryRun.Placements >= 50, $"only {dryRun.Placements} placements");

        for (var killAt = 1; killAt <= dryRun.Placements; killAt++)
        {
            var folder = Folder($"kill-{killAt}");
            var files = new FaultyKeyFileSystem(killAt);
            var script = new Script();
            await Assert.ThrowsAsync<SimulatedKillException>(() => RunAsync(new FileSystemFieldKeyStore(folder, files), script));
            Assert.True(files.Killed);

            await AssertNextStartAsync(folder, script, killAt);
        }
    }

    [Fact]
    public async Task KeyRingKilledBeforeEachFileOperation_NextStartLoadsEveryAcknowledgedKey()
    {
        var dryRun = new FaultyKeyFileSystem();
        await RunRingAsync(Folder("ring-dry-run"), dryRun, [], []);
        Assert.True(dryRun.Placements >= 30, $"only {dryRun.Placements} placements"); // 53 today; the count follows the ring's writes

        for (var killAt = 1; killAt <= dryRun.Placements; killAt++)
        {
            var folder = Folder($"ring-kill-{killAt}");
            var files = new FaultyKeyFileSystem(killAt);
            var made = new HashSet<uint>();
            var destroyed = new HashSet<uint>();
            var ex = await Xunit.Record.ExceptionAsync(() => RunRingAsync(folder, files, made, destroyed));
            Assert.True(files.Killed, $"kill {killAt}: not reached");
            Assert.NotNull(ex);

            var logger = new FakeLogger();
            var loaded = (await new FileSystemFieldKeyStore(folder, logger).GetAllAsync(CancellationToken.None)).ToDictionary(r => r.Id);
            Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
            Assert.All(made, id => Assert.True(loaded.ContainsKey(id), $"kill {killAt}: acknowledged key {id:x8} lost"));
            Assert.All(destroyed, id => Assert.Equal(FieldKeyState.Destroyed, loaded[id].State));
            using var next = new TestKeyRing(new FieldEncryptionOptions { PerSubjectKeys = true }, new FileSystemFieldKeyStore(folder));
            var context = FieldContext.For("Pupil", "Iin").WithSubject("pupil-2");
            var encryptor = new FieldEncryptor(next.Ring, perSubjectKeys: true);
            Assert.Equal("050315500123", encryptor.Decrypt(encryptor.Encrypt("050315500123", context), context));
        }
    }

    /// <summary>A key ring's life on the file store: first key, rotation, a subject's key made and destroyed, rotation.</summary>
    private static async Task RunRingAsync(DirectoryInfo folder, FaultyKeyFileSystem files, HashSet<uint> made, HashSet<uint> destroyed)
    {
        using var ring = new TestKeyRing(new FieldEncryptionOptions { PerSubjectKeys = true }, new FileSystemFieldKeyStore(folder, files));
        var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
        made.Add(ring.Ring.CurrentKey.Id);
        made.Add((await ring.Ring.RotateAsync()).Id);
        var subjectKey = KeyIdOf(encryptor.Encrypt("050315500123", FieldContext.For("Pupil", "Iin").WithSubject("pupil-1")));
        made.Add(subjectKey);
        await ring.Ring.DestroyAsync(subjectKey);
        destroyed.Add(subjectKey);
        made.Add((await ring.Ring.RotateAsync()).Id);
    }

    private static uint KeyIdOf(string ciphertext) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Buffers.Text.Base64Url.DecodeFromChars(ciphertext.AsSpan(4)).AsSpan(1, 4));

    private static async Task AssertNextStartAsync(DirectoryInfo folder, Script script, int killAt)
    {
        var logger = new FakeLogger();
        var next = new FileSystemFieldKeyStore(folder, logger);
        var loaded = (await next.GetAllAsync(CancellationToken.None)).ToDictionary(r => r.Id);

        // Loads: no file left that the store had to skip, and every key file is one of the loaded records.
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        var keyFiles = folder.Exists ? folder.GetFiles("key-*.json").Length : 0;
        Assert.Equal(loaded.Count, keyFiles);

        // Every acknowledged write is there; the write in flight either happened whole or not at all.
        foreach (var (id, acknowledged) in script.Acknowledged)
        {
            Assert.True(loaded.TryGetValue(id, out var record), $"kill {killAt}: acknowledged key {id:x8} lost");
            Assert.True(
                Same(record, acknowledged) || (script.InFlight?.Id == id && Same(record, script.InFlight)),
                $"kill {killAt}: key {id:x8} is neither its acknowledged nor its in-flight version");
            if (acknowledged.State == FieldKeyState.Destroyed)
            {
                Assert.Equal(FieldKeyState.Destroyed, record.State);
                Assert.Null(record.WrappedKey);
            }
        }

        foreach (var id in loaded.Keys.Where(id => !script.Acknowledged.ContainsKey(id)))
        {
            Assert.True(script.InFlight?.Id == id && Same(loaded[id], script.InFlight), $"kill {killAt}: key {id:x8} was never written");
        }

        // The folder takes new writes, and leftovers of the killed writer go once they are a minute old.
        Assert.True(await next.TryAddAsync(Record(0xF0000000, FieldKeyPurpose.Encryption), CancellationToken.None));
        foreach (var record in loaded.Values.Where(r => r.State != FieldKeyState.Destroyed))
        {
            Assert.True(await next.TryUpdateAsync(record with { ReservedEncryptions = record.ReservedEncryptions + 1 }, record, CancellationToken.None));
        }

        foreach (var leftover in folder.GetFiles("*.tmp"))
        {
            leftover.LastWriteTimeUtc = DateTime.UtcNow - TimeSpan.FromMinutes(2);
        }

        Assert.Equal(loaded.Count + 1, (await new FileSystemFieldKeyStore(folder).GetAllAsync(CancellationToken.None)).Count);
        Assert.Empty(folder.GetFiles("*.tmp"));

        // A key ring starts over the folder and encrypts.
        using var ring = new TestKeyRing(store: new FileSystemFieldKeyStore(folder));
        var context = FieldContext.For("Pupil", "Iin");
        Assert.Equal("050315500123", ring.Encryptor.Decrypt(ring.Encryptor.Encrypt("050315500123", context), context));
    }

    /// <summary>What a key ring does to its store over a while: make keys, reserve counts, rotate, retire, destroy.</summary>
    private static async Task RunAsync(FileSystemFieldKeyStore store, Script script)
    {
        var encryption = Record(0x0A, FieldKeyPurpose.Encryption);
        var blindIndex = Record(0x0B, FieldKeyPurpose.BlindIndex);
        var pseudonym = Record(0x0C, FieldKeyPurpose.Pseudonym);
        var next = Record(0x0D, FieldKeyPurpose.Encryption);
        var subject = Record(0x0E, FieldKeyPurpose.SubjectEncryption) with { SubjectId = "subject-1" };

        await script.AddAsync(store, encryption);
        await script.AddAsync(store, blindIndex);
        await script.AddAsync(store, pseudonym);
        await script.TryUpdateAsync(store, encryption with { ReservedEncryptions = 1 << 20 });
        await script.AddAsync(store, next);
        await script.UpdateAsync(store, script.Acknowledged[encryption.Id] with { State = FieldKeyState.Retired, RetiredAt = Now });
        await script.AddAsync(store, subject);
        await script.UpdateAsync(store, subject with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null });
        await script.TryUpdateAsync(store, next with { ReservedEncryptions = 1 << 20 });
        await script.TryUpdateAsync(store, blindIndex with { WrappingVersion = 1 });
        await script.UpdateAsync(store, script.Acknowledged[encryption.Id] with { State = FieldKeyState.Destroyed, DestroyedAt = Now, WrappedKey = null });
    }

    private static FieldKeyRecord Record(uint id, FieldKeyPurpose purpose)
    {
        var wrapped = new byte[32];
        wrapped.AsSpan().Fill((byte)id);
        return new()
        {
            Id = id,
            Purpose = purpose,
            State = FieldKeyState.Active,
            CreatedAt = TestKeyRing.Start,
            ActivatesAt = TestKeyRing.Start,
            ExpiresAt = TestKeyRing.Start.AddDays(30),
            WrappedKey = wrapped,
        };
    }

    private static bool Same(FieldKeyRecord a, FieldKeyRecord b) =>
        a with { WrappedKey = null } == b with { WrappedKey = null }
        && (a.WrappedKey ?? []).AsSpan().SequenceEqual(b.WrappedKey ?? []);

    private DirectoryInfo Folder(string name) => new(Path.Combine(_root.FullName, name));

    /// <summary>Tracks what the store acknowledged (the call returned) and the one write in flight.</summary>
    private sealed class Script
    {
        public Dictionary<uint, FieldKeyRecord> Acknowledged { get; } = [];

        public FieldKeyRecord? InFlight { get; private set; }

        public async Task AddAsync(IFieldKeyStore store, FieldKeyRecord record)
        {
            InFlight = record;
            Assert.True(await store.TryAddAsync(record, CancellationToken.None));
            Acknowledge(record);
        }

        public async Task UpdateAsync(IFieldKeyStore store, FieldKeyRecord record)
        {
            InFlight = record;
            await store.UpdateAsync(record, CancellationToken.None);
            Acknowledge(record);
        }

        public async Task TryUpdateAsync(IFieldKeyStore store, FieldKeyRecord record)
        {
            InFlight = record;
            Assert.True(await store.TryUpdateAsync(record, Acknowledged[record.Id], CancellationToken.None));
            Acknowledge(record);
        }

        private void Acknowledge(FieldKeyRecord record)
        {
            Acknowledged[record.Id] = record;
            InFlight = null;
        }
    }
}
