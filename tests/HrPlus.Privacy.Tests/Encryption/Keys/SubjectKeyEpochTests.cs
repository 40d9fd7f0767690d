using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// Subject keys wrapped under epoch keys kept outside the key store: re-wrapped each epoch, old epoch keys destroyed after
/// the backup retention, so a restored copy of the key store stops unwrapping an erased subject's key.
/// </summary>
public sealed class SubjectKeyEpochTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly IDataProtectionProvider _dataProtection = new EphemeralDataProtectionProvider();
    private readonly FieldEncryptionOptions _options = new() { PerSubjectKeys = true, SubjectKeyEpoch = TimeSpan.FromDays(1), BackupRetention = TimeSpan.FromDays(30) };
    private readonly InMemoryFieldKeyStore _keys = new();
    private readonly List<FieldKeyRing> _rings = [];

    public void Dispose()
    {
        foreach (var ring in _rings)
        {
            ring.Dispose();
        }
    }

    [Fact]
    public async Task NewSubjectKey_IsWrappedUnderTheCurrentEpochKey_NotByDataProtectionAlone()
    {
        var ring = Ring(_keys);
        var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
        _ = encryptor.Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));

        var record = Assert.Single(await SubjectRecordsAsync(_keys));
        var epoch = Assert.Single(await _keys.EpochKeys.GetAllAsync(CancellationToken.None));
        Assert.Equal(EpochWrapping.EpochWrappingVersion, record.WrappingVersion);
        Assert.True(EpochWrapping.TryReadEpochId(record, out var epochId));
        Assert.Equal(epoch.Id, epochId);
        Assert.Equal((FieldKeyState.Active, Start, Start.AddDays(1)), (epoch.State, epoch.CreatedAt, epoch.ExpiresAt));

        // Without the epoch key (another folder), the record does not unwrap, DataProtection ring or not.
        var elsewhere = Ring(_keys, new InMemoryFieldKeyStore());
        var error = Assert.Throws<FieldDecryptionException>(() => new FieldEncryptor(elsewhere, perSubjectKeys: true).Decrypt(encryptor.Encrypt("x", Name.WithSubject("pupil-1")), Name.WithSubject("pupil-1")));
        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, error.Reason);
    }

    [Fact]
    public async Task EpochEnds_EveryLiveSubjectKeyIsWrappedAgainUnderTheNewEpoch_OldValuesStillDecrypt()
    {
        var ring = Ring(_keys);
        var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
        var stored = Enumerable.Range(1, 5).Select(i => encryptor.Encrypt("pupil " + i, Name.WithSubject("pupil-" + i))).ToList();
        var first = Assert.Single(await _keys.EpochKeys.GetAllAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromDays(1)); // the ring's timer fires at the end of the epoch
        await ring.RefreshAsync();

        var epochs = await _keys.EpochKeys.GetAllAsync(CancellationToken.None);
        var second = Assert.Single(epochs, e => e.Id != first.Id);
        Assert.Equal((FieldKeyState.Retired, (DateTimeOffset?)Start.AddDays(1)), (epochs.Single(e => e.Id == first.Id).State, epochs.Single(e => e.Id == first.Id).RetiredAt));
        Assert.Equal(FieldKeyState.Active, second.State);
        Assert.All(await SubjectRecordsAsync(_keys), r => Assert.Equal(second.Id, EpochOf(r)));

        var fresh = new FieldEncryptor(Ring(_keys), perSubjectKeys: true);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => "pupil " + i), stored.Select((s, i) => fresh.Decrypt(s, Name.WithSubject("pupil-" + (i + 1)))));
    }

    [Fact]
    public async Task OldEpochKey_IsDestroyedExactlyWhenRetentionHasPassedSinceItsEpochEnded()
    {
        var ring = Ring(_keys);
        _ = new FieldEncryptor(ring, perSubjectKeys: true).Encrypt("a", Name.WithSubject("pupil-1"));
        var first = Assert.Single(await _keys.EpochKeys.GetAllAsync(CancellationToken.None)).Id;

        await AdvanceAsync(ring, TimeSpan.FromDays(31) - TimeSpan.FromMinutes(1));
        Assert.Equal(FieldKeyState.Retired, (await EpochAsync(first)).State);

        await AdvanceAsync(ring, TimeSpan.FromMinutes(1));
        var destroyed = await EpochAsync(first);
        Assert.Equal((FieldKeyState.Destroyed, (DateTimeOffset?)Start.AddDays(31), (byte[]?)null), (destroyed.State, destroyed.DestroyedAt, destroyed.WrappedKey));
    }

    [Fact]
    public async Task RestoredKeyStoreCopy_AfterEpochPlusRetention_ErasedSubjectIsKeyDestroyed_AndWithinTheWindowItStillDecrypts()
    {
        var ring = Ring(_keys);
        var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
        var erased = encryptor.Encrypt("Алина Иванова", Name.WithSubject("pupil-2"));
        var kept = encryptor.Encrypt("Dana Smagulova", Name.WithSubject("pupil-3"));
        var backup = await CopyAsync(_keys);

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await ring.DestroySubjectKeysAsync("pupil-2", CancellationToken.None));
        Assert.Equal(Start.AddDays(31), await ring.GetBackupsUnreadableAfterAsync(_time.GetUtcNow(), CancellationToken.None));

        // Within the window the backup is what it was: the erased subject comes back with it (documented).
        await AdvanceAsync(ring, TimeSpan.FromDays(30));
        var early = new FieldEncryptor(Ring(await CopyAsync(backup), _keys.EpochKeys), perSubjectKeys: true);
        Assert.Equal("Алина Иванова", early.Decrypt(erased, Name.WithSubject("pupil-2")));
        Assert.Equal("Dana Smagulova", early.Decrypt(kept, Name.WithSubject("pupil-3")));

        await AdvanceAsync(ring, TimeSpan.FromDays(2));
        var late = new FieldEncryptor(Ring(await CopyAsync(backup), _keys.EpochKeys), perSubjectKeys: true);
        var error = Assert.Throws<FieldDecryptionException>(() => late.Decrypt(erased, Name.WithSubject("pupil-2")));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, error.Reason);
        Assert.DoesNotContain("Алина", error.Message, StringComparison.Ordinal);

        // A backup older than the retention restores no subject key of its time: the other subject's copy is gone with it.
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, Assert.Throws<FieldDecryptionException>(() => late.Decrypt(kept, Name.WithSubject("pupil-3"))).Reason);

        // The live store moved on: the other subject decrypts on a fresh ring over it.
        Assert.Equal("Dana Smagulova", new FieldEncryptor(Ring(_keys), perSubjectKeys: true).Decrypt(kept, Name.WithSubject("pupil-3")));
    }

    [Fact]
    public async Task ErasedSubjectKey_IsNeverCarriedIntoANewEpoch()
    {
        var ring = Ring(_keys);
        var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
        _ = encryptor.Encrypt("a", Name.WithSubject("pupil-1"));
        _ = encryptor.Encrypt("b", Name.WithSubject("pupil-2"));
        await ring.DestroySubjectKeysAsync("pupil-1", CancellationToken.None);

        await AdvanceAsync(ring, TimeSpan.FromDays(2));

        var records = await SubjectRecordsAsync(_keys);
        var erased = records.Single(r => r.SubjectId == "pupil-1");
        Assert.Equal((FieldKeyState.Destroyed, (byte[]?)null), (erased.State, erased.WrappedKey));
        Assert.Equal(EpochWrapping.EpochWrappingVersion, records.Single(r => r.SubjectId == "pupil-2").WrappingVersion);
    }

    [Fact]
    public async Task Version1SubjectKey_KeepsDecrypting_AndMovesToEpochWrappingAtTheNextRefresh()
    {
        var before = new FieldKeyRing(_keys, _dataProtection, _time, Microsoft.Extensions.Options.Options.Create(_options), NullLogger<FieldKeyRing>.Instance);
        _rings.Add(before);
        var stored = new FieldEncryptor(before, perSubjectKeys: true).Encrypt("Әлихан", Name.WithSubject("pupil-1"));
        Assert.Equal(FieldKeyWrapping.CurrentWrappingVersion, Assert.Single(await SubjectRecordsAsync(_keys)).WrappingVersion);

        var after = new FieldEncryptor(Ring(_keys), perSubjectKeys: true);

        Assert.Equal("Әлихан", after.Decrypt(stored, Name.WithSubject("pupil-1")));
        var moved = Assert.Single(await SubjectRecordsAsync(_keys));
        Assert.Equal(EpochWrapping.EpochWrappingVersion, moved.WrappingVersion);
        Assert.Equal(Assert.Single(await _keys.EpochKeys.GetAllAsync(CancellationToken.None)).Id, EpochOf(moved));
    }

    [Fact]
    public async Task Rewrap_InterruptedAtEveryWrite_LeavesEverySubjectKeyReadable_AndNoReferencedEpochKeyIsDestroyed()
    {
        const int Subjects = 4;
        for (var crashAt = 1; crashAt <= Subjects + 3; crashAt++)
        {
            var keys = new InMemoryFieldKeyStore();
            var time = new FakeTimeProvider(Start);
            var ring = Ring(keys, time: time);
            var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
            var stored = Enumerable.Range(1, Subjects).Select(i => encryptor.Encrypt("pupil " + i, Name.WithSubject("pupil-" + i))).ToList();
            ring.Dispose();

            // The epoch job starts on the ring's next refresh, after the epoch ended; the key store dies before its n-th write.
            var faulty = new FaultyKeyStore(keys, crashAt);
            var dying = Ring(faulty, keys.EpochKeys, time);
            _ = dying.Snapshot;
            time.Advance(TimeSpan.FromDays(1));
            try
            {
                await dying.RefreshAsync();
            }
            catch (SimulatedCrashException)
            {
            }

            var restarted = Ring(keys, time: time);
            var reader = new FieldEncryptor(restarted, perSubjectKeys: true);
            Assert.Equal(Enumerable.Range(1, Subjects).Select(i => "pupil " + i), stored.Select((s, i) => reader.Decrypt(s, Name.WithSubject("pupil-" + (i + 1)))));

            // Far past every retention, with the job run on time: every subject key is under a live epoch key.
            for (var day = 0; day < 33; day++)
            {
                time.Advance(TimeSpan.FromDays(1));
                await restarted.RefreshAsync();
            }

            var later = new FieldEncryptor(Ring(keys, time: time), perSubjectKeys: true);
            Assert.Equal(Enumerable.Range(1, Subjects).Select(i => "pupil " + i), stored.Select((s, i) => later.Decrypt(s, Name.WithSubject("pupil-" + (i + 1)))));
        }
    }

    [Fact]
    public async Task EpochStore_InterruptedAtEveryWrite_LeavesEverySubjectKeyReadable()
    {
        for (var crashAt = 1; crashAt <= 4; crashAt++)
        {
            var keys = new InMemoryFieldKeyStore();
            var time = new FakeTimeProvider(Start);
            var ring = Ring(keys, time: time);
            var encryptor = new FieldEncryptor(ring, perSubjectKeys: true);
            var stored = Enumerable.Range(1, 3).Select(i => encryptor.Encrypt("pupil " + i, Name.WithSubject("pupil-" + i))).ToList();
            ring.Dispose();

            // The epoch folder dies before its n-th write: making the new epoch key, retiring the old one, or later.
            var faulty = new FaultyKeyStore(keys.EpochKeys, crashAt);
            var dying = Ring(keys, faulty, time);
            _ = dying.Snapshot;
            try
            {
                for (var day = 0; day < 32; day++)
                {
                    time.Advance(TimeSpan.FromDays(1));
                    await dying.RefreshAsync();
                }
            }
            catch (SimulatedCrashException)
            {
            }

            Assert.True(faulty.Crashed);
            dying.Dispose();
            var restarted = Ring(keys, time: time);
            var reader = new FieldEncryptor(restarted, perSubjectKeys: true);
            Assert.Equal(Enumerable.Range(1, 3).Select(i => "pupil " + i), stored.Select((s, i) => reader.Decrypt(s, Name.WithSubject("pupil-" + (i + 1)))));

            for (var day = 0; day < 32; day++)
            {
                time.Advance(TimeSpan.FromDays(1));
                await restarted.RefreshAsync();
            }

            var later = new FieldEncryptor(Ring(keys, time: time), perSubjectKeys: true);
            Assert.Equal(Enumerable.Range(1, 3).Select(i => "pupil " + i), stored.Select((s, i) => later.Decrypt(s, Name.WithSubject("pupil-" + (i + 1)))));
        }
    }

    [Fact]
    public async Task LiveSubjectKeyUnderAnOldEpoch_KeepsThatEpochKeyPastItsRetention()
    {
        var ring = Ring(_keys);
        _ = new FieldEncryptor(ring, perSubjectKeys: true).Encrypt("a", Name.WithSubject("pupil-1"));
        var first = Assert.Single(await _keys.EpochKeys.GetAllAsync(CancellationToken.None)).Id;

        // Another instance's writes are refused: the key stays under the first epoch while its retention passes.
        var refusing = new RefusingUpdatesStore(_keys);
        var stuck = Ring(refusing, _keys.EpochKeys);
        _ = stuck.Snapshot;
        ring.Dispose();
        for (var day = 0; day < 33; day++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await stuck.RefreshAsync();
        }

        Assert.Equal(first, EpochOf(Assert.Single(await SubjectRecordsAsync(_keys))));
        Assert.Equal(FieldKeyState.Retired, (await EpochAsync(first)).State);

        // The kept key is past due, yet the ring's timer keeps its regular interval: no read of the store every second.
        var reads = refusing.Reads;
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(reads, refusing.Reads);
    }

    private FieldKeyRing Ring(IFieldKeyStore keys, IFieldKeyStore? epochs = null, FakeTimeProvider? time = null)
    {
        var ring = new FieldKeyRing(
            keys,
            _dataProtection,
            time ?? _time,
            Microsoft.Extensions.Options.Options.Create(_options),
            NullLogger<FieldKeyRing>.Instance,
            epochs: new SubjectKeyEpochs(epochs ?? (keys as InMemoryFieldKeyStore)?.EpochKeys ?? _keys.EpochKeys, _dataProtection, _options));
        _rings.Add(ring);
        return ring;
    }

    private async Task AdvanceAsync(FieldKeyRing ring, TimeSpan by)
    {
        // Day by day, as a running app's timer does, then the remainder.
        while (by > TimeSpan.Zero)
        {
            var step = by < TimeSpan.FromDays(1) ? by : TimeSpan.FromDays(1);
            _time.Advance(step);
            await ring.RefreshAsync();
            by -= step;
        }
    }

    // A restored backup of the key store: the records as they were, sharing nothing with the live store but the epoch folder.
    private async Task<InMemoryFieldKeyStore> CopyAsync(InMemoryFieldKeyStore from)
    {
        var copy = new InMemoryFieldKeyStore();
        foreach (var record in await from.GetAllAsync(CancellationToken.None))
        {
            Assert.True(await copy.TryAddAsync(record, CancellationToken.None));
        }

        return copy;
    }

    private async Task<FieldKeyRecord> EpochAsync(uint id) =>
        (await _keys.EpochKeys.GetAllAsync(CancellationToken.None)).Single(e => e.Id == id);

    private static async Task<List<FieldKeyRecord>> SubjectRecordsAsync(IFieldKeyStore store) =>
        [.. (await store.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption)];

    private static uint EpochOf(FieldKeyRecord record)
    {
        Assert.True(EpochWrapping.TryReadEpochId(record, out var epochId));
        return epochId;
    }

    /// <summary>Reads the inner store and refuses every conditional update, as if another writer always came first.</summary>
    private sealed class RefusingUpdatesStore(IFieldKeyStore inner) : IFieldKeyStore
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetAllAsync(cancellationToken);
        }

        public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.TryAddAsync(key, cancellationToken);

        public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken) => inner.UpdateAsync(key, cancellationToken);

        public ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken) =>
            key.Purpose == FieldKeyPurpose.SubjectEncryption ? ValueTask.FromResult(false) : inner.TryUpdateAsync(key, expected, cancellationToken);
    }
}
