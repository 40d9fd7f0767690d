using FsCheck.Xunit;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>The <see cref="IFieldKeyStore"/> contract, run on the in-memory and the file store.</summary>
public abstract class FieldKeyStoreContractTests
{
    internal static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    internal abstract IFieldKeyStore NewStore();

    internal static FieldKeyRecord Record(uint id, FieldKeyPurpose purpose = FieldKeyPurpose.Encryption) => new()
    {
        Id = id,
        Purpose = purpose,
        State = FieldKeyState.Active,
        CreatedAt = Now,
        ActivatesAt = Now,
        ExpiresAt = Now.AddDays(30),
        WrappedKey = [1, 2, 3, (byte)id],
    };

    internal static FieldKeyRecord Destroyed(FieldKeyRecord record) =>
        record with { State = FieldKeyState.Destroyed, DestroyedAt = Now.AddDays(1), WrappedKey = null };

    /// <summary>
    /// Model-based: any sequence of adds, updates, conditional updates (from a fresh or a stale read) and destructions gives
    /// the results and the final contents of a dictionary that follows the contract's rules.
    /// </summary>
    [Property(MaxTest = 40)]
    public void AnySequence_BehavesAsTheModel(int[] script)
    {
        var store = NewStore();
        var model = new Dictionary<uint, FieldKeyRecord>();
        foreach (var step in script)
        {
            var code = (int)((uint)step % 36);
            var id = (uint)(code / 4 % 3) + 1;
            var variant = code / 12;
            model.TryGetValue(id, out var stored);
            var next = (stored ?? Record(id)) with { ReservedEncryptions = (stored?.ReservedEncryptions ?? 0) + 1 + variant };
            switch (code % 4)
            {
                case 0:
                    var added = Record(id) with { WrappingVersion = variant };
                    Assert.Equal(model.TryAdd(id, added), store.TryAddAsync(added, CancellationToken.None).AsTask().GetAwaiter().GetResult());
                    break;
                case 1:
                    var update = variant == 0 ? Destroyed(next) : next with { State = variant == 1 ? FieldKeyState.Active : FieldKeyState.Retired };
                    var refused = stored is null || (stored.State == FieldKeyState.Destroyed && update.State != FieldKeyState.Destroyed);
                    if (refused)
                    {
                        Assert.Throws<InvalidOperationException>(() => store.UpdateAsync(update, CancellationToken.None).AsTask().GetAwaiter().GetResult());
                    }
                    else
                    {
                        store.UpdateAsync(update, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        model[id] = update;
                    }

                    break;
                default:
                    var expected = variant == 2 && stored is not null ? stored with { ReservedEncryptions = stored.ReservedEncryptions + 7 } : stored ?? Record(id);
                    var replaces = stored is not null && stored.State != FieldKeyState.Destroyed && variant != 2;
                    var candidate = code % 4 == 2 ? next : Destroyed(next);
                    Assert.Equal(replaces, store.TryUpdateAsync(candidate, expected, CancellationToken.None).AsTask().GetAwaiter().GetResult());
                    if (replaces)
                    {
                        model[id] = candidate;
                    }

                    break;
            }
        }

        var all = store.GetAllAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().OrderBy(r => r.Id).ToList();
        Assert.Equal(model.Keys.Order(), all.Select(r => r.Id));
        foreach (var record in all)
        {
            Assert.Equal(model[record.Id] with { WrappedKey = null }, record with { WrappedKey = null });
            Assert.Equal(model[record.Id].WrappedKey, record.WrappedKey);
        }
    }

    [Fact]
    public async Task TryAdd_ThenGetAll_KeepsReservationAndWrappingVersion()
    {
        var store = NewStore();
        var record = Record(0xFFFFFFF0) with { ReservedEncryptions = (1L << 32) - 5, WrappingVersion = 1, SubjectId = "subject-7" };

        Assert.True(await store.TryAddAsync(record, CancellationToken.None));

        Assert.Equal(record, Assert.Single(await store.GetAllAsync(CancellationToken.None)) with { WrappedKey = record.WrappedKey });
        Assert.Equal(record.WrappedKey, (await store.GetAllAsync(CancellationToken.None))[0].WrappedKey);
    }

    [Fact]
    public async Task TryAdd_TakenId_ReturnsFalseAndKeepsTheFirst()
    {
        var store = NewStore();
        Assert.True(await store.TryAddAsync(Record(7), CancellationToken.None));

        Assert.False(await store.TryAddAsync(Record(7, FieldKeyPurpose.Pseudonym), CancellationToken.None));

        Assert.Equal(FieldKeyPurpose.Encryption, Assert.Single(await store.GetAllAsync(CancellationToken.None)).Purpose);
    }

    [Fact]
    public async Task TryUpdate_StoredMatchesExpected_Replaces()
    {
        var store = NewStore();
        var record = Record(1);
        await store.TryAddAsync(record, CancellationToken.None);
        var reserved = record with { ReservedEncryptions = 1024 };

        Assert.True(await store.TryUpdateAsync(reserved, record, CancellationToken.None));

        Assert.Equal(1024, Assert.Single(await store.GetAllAsync(CancellationToken.None)).ReservedEncryptions);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("reservation")]
    [InlineData("wrapping")]
    public async Task TryUpdate_StoredChangedSinceRead_ReturnsFalseAndKeepsStored(string change)
    {
        var store = NewStore();
        var read = Record(2);
        await store.TryAddAsync(read, CancellationToken.None);
        var other = change switch
        {
            "state" => read with { State = FieldKeyState.Retired, RetiredAt = Now },
            "reservation" => read with { ReservedEncryptions = 4096 },
            _ => read with { WrappingVersion = 1 },
        };
        Assert.True(await store.TryUpdateAsync(other, read, CancellationToken.None));

        Assert.False(await store.TryUpdateAsync(read with { ReservedEncryptions = 1 }, read, CancellationToken.None));

        Assert.Equal(other, Assert.Single(await store.GetAllAsync(CancellationToken.None)) with { WrappedKey = other.WrappedKey });
    }

    [Fact]
    public async Task TryUpdate_Destroyed_NeverReplacedEvenWhenExpectedSaysDestroyed()
    {
        var store = NewStore();
        var record = Record(3);
        await store.TryAddAsync(record, CancellationToken.None);
        var destroyed = Destroyed(record);
        Assert.True(await store.TryUpdateAsync(destroyed, record, CancellationToken.None));

        Assert.False(await store.TryUpdateAsync(record, destroyed, CancellationToken.None));
        Assert.False(await store.TryUpdateAsync(destroyed with { DestroyedAt = Now.AddDays(9) }, destroyed, CancellationToken.None));

        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, loaded.State);
        Assert.Null(loaded.WrappedKey);
        Assert.Equal(Now.AddDays(1), loaded.DestroyedAt);
    }

    [Fact]
    public async Task TryUpdate_Missing_ReturnsFalseAndAddsNothing()
    {
        var store = NewStore();

        Assert.False(await store.TryUpdateAsync(Record(4), Record(4), CancellationToken.None));

        Assert.Empty(await store.GetAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Update_DestroyedBackToActive_ThrowsAndStaysDestroyed()
    {
        var store = NewStore();
        var record = Record(5);
        await store.TryAddAsync(record, CancellationToken.None);
        await store.UpdateAsync(Destroyed(record), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.UpdateAsync(record with { State = FieldKeyState.Retired, RetiredAt = Now }, CancellationToken.None));

        Assert.Equal("The key 00000005 is destroyed; a destroyed key is never brought back.", ex.Message);
        var loaded = Assert.Single(await store.GetAllAsync(CancellationToken.None));
        Assert.Equal(FieldKeyState.Destroyed, loaded.State);
        Assert.Null(loaded.WrappedKey);
    }

    [Fact]
    public async Task Update_DestroyedToDestroyed_IsAllowed()
    {
        var store = NewStore();
        var record = Record(6);
        await store.TryAddAsync(record, CancellationToken.None);
        await store.UpdateAsync(Destroyed(record), CancellationToken.None);

        await store.UpdateAsync(Destroyed(record) with { DestroyedAt = Now.AddDays(2) }, CancellationToken.None);

        Assert.Equal(Now.AddDays(2), Assert.Single(await store.GetAllAsync(CancellationToken.None)).DestroyedAt);
    }

    [Fact]
    public async Task Update_Missing_Throws()
    {
        var store = NewStore();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.UpdateAsync(Record(8), CancellationToken.None));

        Assert.Equal("There is no key 00000008 to update.", ex.Message);
    }

    [Fact]
    public async Task TryUpdate_ConcurrentWritersFromOneRead_ExactlyOneWinsEachRound()
    {
        var store = NewStore();
        var current = Record(9);
        await store.TryAddAsync(current, CancellationToken.None);
        const int Rounds = 40;
        const int Writers = 6;
        for (var round = 0; round < Rounds; round++)
        {
            var read = current;
            using var start = new Barrier(Writers);
            var attempts = Enumerable.Range(1, Writers).Select(w => Task.Run(async () =>
            {
                start.SignalAndWait();
                var mine = read with { ReservedEncryptions = read.ReservedEncryptions + w };
                return (await store.TryUpdateAsync(mine, read, CancellationToken.None), mine);
            })).ToArray();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Item1).mine;
            current = Assert.Single(await store.GetAllAsync(CancellationToken.None));
            Assert.Equal(winner.ReservedEncryptions, current.ReservedEncryptions);
        }
    }

    [Fact]
    public async Task TryUpdate_DestroyRacingWithReservations_DestroyedNeverComesBack()
    {
        var store = NewStore();
        for (uint id = 100; id < 130; id++)
        {
            var read = Record(id);
            await store.TryAddAsync(read, CancellationToken.None);
            using var start = new Barrier(4);
            var writers = new[]
            {
                Task.Run(async () => { start.SignalAndWait(); await store.UpdateAsync(Destroyed(read), CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await store.TryUpdateAsync(read with { ReservedEncryptions = 10 }, read, CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await store.TryUpdateAsync(read with { WrappingVersion = 1 }, read, CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await store.TryUpdateAsync(read with { State = FieldKeyState.Retired }, read, CancellationToken.None); }),
            };
            await Task.WhenAll(writers);

            var loaded = (await store.GetAllAsync(CancellationToken.None)).Single(r => r.Id == id);
            Assert.Equal(FieldKeyState.Destroyed, loaded.State);
            Assert.Null(loaded.WrappedKey);
        }
    }

    /// <summary>A second store over the same keys, as another instance (or process) of the app has.</summary>
    internal virtual IFieldKeyStore SameKeysElsewhere(IFieldKeyStore store) => store;

    internal static FieldKeyRecord SubjectRecord(uint id, string subject) =>
        Record(id, FieldKeyPurpose.SubjectEncryption) with { SubjectId = subject, ExpiresAt = DateTimeOffset.MaxValue };

    [Fact]
    public async Task GetAsync_PointLookup_ReturnsTheRecordOrNull()
    {
        var store = NewStore();
        Assert.Null(await store.GetAsync(5, CancellationToken.None));
        await store.TryAddAsync(Record(5), CancellationToken.None);

        Assert.Equal(Record(5) with { WrappedKey = null }, (await store.GetAsync(5, CancellationToken.None))! with { WrappedKey = null });
        Assert.Null(await store.GetAsync(6, CancellationToken.None));
    }

    [Fact]
    public async Task TryAddIfSlotFree_SlotTaken_ReturnsTheHolderAndAddsNothing()
    {
        var store = NewStore();

        Assert.Equal(1u, (await store.TryAddIfSlotFreeAsync(SubjectRecord(1, "s-1"), CancellationToken.None))!.Id);
        Assert.Equal(1u, (await store.TryAddIfSlotFreeAsync(SubjectRecord(2, "s-1"), CancellationToken.None))!.Id);
        Assert.Equal(3u, (await store.TryAddIfSlotFreeAsync(SubjectRecord(3, "s-2"), CancellationToken.None))!.Id);
        Assert.Equal(4u, (await store.TryAddIfSlotFreeAsync(Record(4, FieldKeyPurpose.BlindIndex), CancellationToken.None))!.Id);
        Assert.Equal(4u, (await store.TryAddIfSlotFreeAsync(Record(5, FieldKeyPurpose.BlindIndex), CancellationToken.None))!.Id);

        // A pending record has a slot of its own beside the active one; an id that is taken gives null.
        Assert.Equal(6u, (await store.TryAddIfSlotFreeAsync(Record(6, FieldKeyPurpose.BlindIndex) with { ActivatesAt = DateTimeOffset.MaxValue }, CancellationToken.None))!.Id);
        Assert.Equal(6u, (await store.TryAddIfSlotFreeAsync(Record(7, FieldKeyPurpose.BlindIndex) with { ActivatesAt = DateTimeOffset.MaxValue }, CancellationToken.None))!.Id);
        Assert.Null(await store.TryAddIfSlotFreeAsync(Record(3, FieldKeyPurpose.Pseudonym), CancellationToken.None));

        Assert.Equal([1u, 3u, 4u, 6u], (await store.GetAllAsync(CancellationToken.None)).Select(r => r.Id).Order());
        Assert.Equal(1u, Assert.Single(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, "s-1", CancellationToken.None)).Id);
        Assert.Empty(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, "s-3", CancellationToken.None));
        Assert.Equal([4u, 6u], (await store.GetLiveAsync(FieldKeyPurpose.BlindIndex, null, CancellationToken.None)).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TryAddIfSlotFree_HolderDestroyedOrRetired_SlotIsFreeAgain()
    {
        var store = NewStore();
        var first = SubjectRecord(1, "s-1");
        await store.TryAddIfSlotFreeAsync(first, CancellationToken.None);
        Assert.True(await store.TryUpdateAsync(Destroyed(first), first, CancellationToken.None));

        Assert.Equal(2u, (await store.TryAddIfSlotFreeAsync(SubjectRecord(2, "s-1"), CancellationToken.None))!.Id);
        var root = Record(3, FieldKeyPurpose.Pseudonym);
        await store.TryAddIfSlotFreeAsync(root, CancellationToken.None);
        Assert.True(await store.TryUpdateAsync(root with { State = FieldKeyState.Retired, RetiredAt = Now }, root, CancellationToken.None));
        Assert.Equal(4u, (await store.TryAddIfSlotFreeAsync(Record(4, FieldKeyPurpose.Pseudonym), CancellationToken.None))!.Id);
        Assert.Equal(2u, Assert.Single(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, "s-1", CancellationToken.None)).Id);
    }

    [Fact]
    public async Task TryAddIfSlotFree_ManyWritersOverTwoStoresAtOnce_ExactlyOneAddsAndEveryOtherGetsItsRecord()
    {
        var first = NewStore();
        var stores = new[] { first, SameKeysElsewhere(first) };
        const int Writers = 8;
        for (var round = 0; round < 12; round++)
        {
            var subject = round % 3 == 0 ? null : $"s-{round}";
            using var start = new Barrier(Writers);
            var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var mine = subject is null
                    ? Record((uint)(round * 100 + w + 1), FieldKeyPurpose.Pseudonym) with { CreatedAt = Now.AddDays(round) }
                    : SubjectRecord((uint)(round * 100 + w + 1), subject);
                start.SignalAndWait();
                return (Mine: mine.Id, Got: (await stores[w % 2].TryAddIfSlotFreeAsync(mine, CancellationToken.None))!.Id);
            })));

            var winner = Assert.Single(results, r => r.Mine == r.Got).Got;
            Assert.All(results, r => Assert.Equal(winner, r.Got));
            var live = await first.GetLiveAsync(subject is null ? FieldKeyPurpose.Pseudonym : FieldKeyPurpose.SubjectEncryption, subject, CancellationToken.None);
            Assert.Equal(winner, Assert.Single(live).Id);
            if (subject is null)
            {
                // Free the pseudonym slot for the next such round.
                var held = live[0];
                Assert.True(await first.TryUpdateAsync(held with { State = FieldKeyState.Retired, RetiredAt = Now }, held, CancellationToken.None));
            }
        }
    }
}

public sealed class InMemoryFieldKeyStoreTests : FieldKeyStoreContractTests
{
    internal override IFieldKeyStore NewStore() => new InMemoryFieldKeyStore();
}

public sealed class FileSystemFieldKeyStoreContractTests : FieldKeyStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-keys-");

    public void Dispose() => _root.Delete(recursive: true);

    internal override IFieldKeyStore NewStore() => new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, Guid.NewGuid().ToString("N"))));

    internal override IFieldKeyStore SameKeysElsewhere(IFieldKeyStore store) => new FileSystemFieldKeyStore(((FileSystemFieldKeyStore)store).Directory);
}
