using System.Security.Cryptography;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Issue 12: the key ring's edges — teardown races, interrupted rotations, the per-key bound, wrapping, roots.</summary>
public sealed class FieldKeyRingSafetyTests
{
    private static readonly FieldContext Name = FieldContext.For("Student", "FullName");

    [Fact]
    public void FieldKey_AfterDispose_MakesNoCipherAndDerivesNothing()
    {
        var material = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var key = new FieldKey(7, FieldKeyPurpose.Encryption, material, reservedEncryptions: 10);
        Assert.NotNull(key.TryGetCipher());
        key.Dispose();

        // A thread that never had a cipher asks after disposal: on main it built one from the zeroed bytes.
        object? seen = new object();
        var thread = new Thread(() => seen = key.TryGetCipher());
        thread.Start();
        thread.Join();
        Assert.Null(seen);
        Assert.Null(key.TryGetCipher());
        Assert.False(key.TryDerive("x"u8, new byte[32]));
        Assert.False(key.TryExport(out _));
    }

    [Fact]
    public void Encrypt_CurrentKeyDisposedUnderIt_ThrowsKeyDestroyedNotObjectDisposed()
    {
        using var ring = new TestKeyRing();
        _ = ring.Encryptor.Encrypt("warm-up", Name);
        ring.Ring.Snapshot.Current.Dispose();

        // On main: ObjectDisposedException from the per-thread cipher escaped Encrypt.
        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Encrypt("Әлихан", Name));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, ex.Reason);
        var spanEx = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Encrypt("abc"u8, new byte[64], Name));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, spanEx.Reason);
    }

    [Fact]
    public void Decrypt_KeyDisposedUnderIt_ThrowsKeyDestroyedNotTampered()
    {
        using var ring = new TestKeyRing();
        var ciphertext = ring.Encryptor.Encrypt("Әлихан", Name);
        ring.Ring.Snapshot.Current.Dispose();

        var ex = Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.Decrypt(ciphertext, Name));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, ex.Reason);
    }

    [Fact]
    public async Task Encrypt_SubjectKeyDestroyedUnderIt_ThrowsKeyDestroyed()
    {
        using var ring = new TestKeyRing(new FieldEncryptionOptions { PerSubjectKeys = true });
        var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
        var context = Name.WithSubject("pupil-1");
        var ciphertext = encryptor.Encrypt("Әлихан", context);
        var key = ring.Ring.GetSubjectKey("pupil-1");
        key.Dispose();

        var ex = Assert.Throws<FieldDecryptionException>(() => encryptor.Encrypt("Әлихан", context));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, ex.Reason);

        Assert.Equal(1, await ring.Ring.DestroySubjectKeysAsync("pupil-1", CancellationToken.None));
        var decrypt = Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(ciphertext, context));
        Assert.Equal(FieldDecryptionFailureReason.KeyDestroyed, decrypt.Reason);
    }

    [Fact]
    public async Task Load_TwoActiveKeysLeftByInterruptedRotation_RetiresTheOlderAndKeepsBothDecrypting()
    {
        var store = new InMemoryFieldKeyStore();
        using (var first = new TestKeyRing(store: store))
        {
            _ = first.Ring.CurrentKey;
        }

        var older = (await store.GetAllAsync(CancellationToken.None)).Single(r => r.Purpose == FieldKeyPurpose.Encryption);
        var newer = older with { Id = older.Id ^ 0x5A5A5A5A, CreatedAt = older.CreatedAt.AddMinutes(1), ActivatesAt = older.ActivatesAt.AddMinutes(1), ReservedEncryptions = 0 };
        Assert.True(await store.TryAddAsync(newer, CancellationToken.None));

        using var ring = new TestKeyRing(store: store);
        ring.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(newer.Id, ring.Ring.CurrentKey.Id);
        var records = await store.GetAllAsync(CancellationToken.None);
        Assert.Equal([newer.Id], records.Where(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active).Select(r => r.Id));
        Assert.Equal(FieldKeyState.Retired, records.Single(r => r.Id == older.Id).State);
    }

    [Fact]
    public async Task Retire_CurrentKey_AlwaysMakesAFreshKeyCurrentNeverAnOlderActiveOne()
    {
        var store = new InMemoryFieldKeyStore();
        var start = TestKeyRing.Start;
        foreach (var (id, minutes) in new[] { (0x1111u, 0), (0x2222u, 1) })
        {
            Assert.True(await store.TryAddAsync(
                new FieldKeyRecord
                {
                    Id = id, Purpose = FieldKeyPurpose.Encryption, State = FieldKeyState.Active,
                    CreatedAt = start.AddMinutes(minutes - 10), ActivatesAt = start.AddMinutes(minutes - 10), ExpiresAt = start.AddDays(20),
                    WrappedKey = RandomNumberGenerator.GetBytes(32),
                },
                CancellationToken.None));
        }

        using var ring = new TestKeyRing(store: store);
        Assert.Equal(0x2222u, ring.Ring.CurrentKey.Id);

        // On main the key rotated away (0x1111) stayed Active and became current again here.
        await ring.Ring.RetireAsync(0x2222u);
        var current = ring.Ring.CurrentKey.Id;
        Assert.NotEqual(0x1111u, current);
        Assert.NotEqual(0x2222u, current);
        var active = (await store.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active).Select(r => r.Id);
        Assert.Equal([current], active);
    }

    [Fact]
    public async Task Crash_BeforeEachStoreWriteOfRotationsReservationsAndSubjectKeys_NextStartLoadsOneCurrentKeyAndLosesNothingAcknowledged()
    {
        var placements = 0;
        for (var crashAt = 1; crashAt <= 90; crashAt++)
        {
            var inner = new InMemoryFieldKeyStore();
            var faulty = new FaultyKeyStore(inner, crashAt);
            var options = new FieldEncryptionOptions { MaxEncryptionsPerKey = 8, PerSubjectKeys = true };
            var acknowledged = new List<(string Ciphertext, string Plaintext, FieldContext Context)>();
            var ring = new TestKeyRing(options, faulty);
            var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
            try
            {
                for (var step = 0; step < 60; step++)
                {
                    var context = step % 3 == 0 ? Name.WithSubject($"pupil-{step}") : Name;
                    var plaintext = $"value {step}";
                    acknowledged.Add((encryptor.Encrypt(plaintext, context), plaintext, context));
                    if (step % 7 == 6)
                    {
                        await ring.Ring.RotateAsync();
                    }

                    if (step % 11 == 10)
                    {
                        await ring.Ring.RetireAsync(ring.Ring.CurrentKey.Id);
                    }
                }
            }
            catch (SimulatedCrashException)
            {
                placements++;
            }
            catch (AggregateException ex) when (ex.InnerException is SimulatedCrashException)
            {
                placements++;
            }

            // The process is gone: no disposal, no clean-up. A new one starts over what the store holds.
            using var restarted = new TestKeyRing(options, inner);
            var restartedEncryptor = new FieldEncryptor(restarted.Ring, perSubjectKeys: true);
            var current = restarted.Ring.CurrentKey;
            var active = (await inner.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.Encryption && r.State == FieldKeyState.Active).ToList();
            Assert.Equal([current.Id], active.Select(r => r.Id));
            foreach (var (ciphertext, plaintext, context) in acknowledged)
            {
                Assert.Equal(plaintext, restartedEncryptor.Decrypt(ciphertext, context));
            }

            Assert.Equal("after", restartedEncryptor.Decrypt(restartedEncryptor.Encrypt("after", Name), Name));
        }

        Assert.True(placements >= 50, $"only {placements} crash placements were reached");
    }

    [Fact]
    public void EncryptionBound_HoldsAcrossRestarts()
    {
        var store = new InMemoryFieldKeyStore();
        var options = new FieldEncryptionOptions { MaxEncryptionsPerKey = 100 };
        var ciphertexts = new List<string>();
        for (var process = 0; process < 3; process++)
        {
            using var ring = new TestKeyRing(options, store);
            for (var i = 0; i < 70; i++)
            {
                ciphertexts.Add(ring.Encryptor.Encrypt("x", Name));
            }
        }

        // On main every restart counted from zero: 210 encryptions under one key.
        var perKey = ciphertexts.GroupBy(KeyIdOf).Select(g => g.Count()).ToList();
        Assert.All(perKey, count => Assert.InRange(count, 1, 100));
        Assert.Equal(210, perKey.Sum());
        Assert.True(perKey.Count >= 3);
    }

    [Fact]
    public async Task EncryptionBound_HoldsAcrossConcurrentInstances()
    {
        var store = new InMemoryFieldKeyStore();
        var options = new FieldEncryptionOptions { MaxEncryptionsPerKey = 256 };
        using var a = new TestKeyRing(options, store);
        using var b = new TestKeyRing(options, store);
        var bag = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var encryptor = t % 2 == 0 ? a.Encryptor : b.Encryptor;
            for (var i = 0; i < 200; i++)
            {
                bag.Add(encryptor.Encrypt("x", Name));
            }
        })));

        var perKey = bag.GroupBy(KeyIdOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1600, perKey.Values.Sum());
        Assert.All(perKey.Values, count => Assert.InRange(count, 1, 256));
        var reserved = (await store.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.Encryption).ToList();
        Assert.All(reserved, r => Assert.InRange(r.ReservedEncryptions, 0, 256));
        Assert.All(perKey, p => Assert.True(p.Value <= reserved.Single(r => r.Id == p.Key).ReservedEncryptions));
    }

    /// <summary>
    /// Each time this thread is about to count an encryption, other threads have taken every count left in the reservation.
    /// The ring used to count again after each reservation, behind them, and gave up after eight losses with "could not
    /// reserve encryptions under a current key; check the key store" (a stress run on a loaded CI machine met it). The count
    /// a thread took stays its own, and the next reservation covers it.
    /// </summary>
    [Fact]
    public void Encrypt_OtherThreadsTakeEveryCountLeftBeforeEachOfThisThreadsCounts_EncryptsAtTheFirstReservation()
    {
        var options = new FieldEncryptionOptions { MaxEncryptionsPerKey = 64 * 1_000 };
        using var ring = new TestKeyRing(options);
        var first = ring.Encryptor.Encrypt("first", Name);
        var taken = 0L;
        ring.Ring.Reservations.BeforeCount = key =>
        {
            // What other threads would do: use up this process's reservation under the key.
            while (key.Encryptions < key.ReservedUpTo)
            {
                key.CountEncryption();
                taken++;
            }
        };

        var second = ring.Encryptor.Encrypt("second", Name);

        ring.Ring.Reservations.BeforeCount = null;
        Assert.Equal("second", ring.Encryptor.Decrypt(second, Name));
        Assert.Equal(KeyIdOf(first), KeyIdOf(second));
        Assert.Equal(999, taken); // the key's first block held 1,000 counts: "first" used one, the other threads the rest
    }

    /// <summary>
    /// With <c>MaxEncryptionsPerKey = 64</c> a reservation grants one encryption, so sixteen threads keep taking each other's
    /// counts and the ring rolls over every 64: all encrypt, and no key encrypts more than 64 values.
    /// </summary>
    [Fact]
    public void EncryptionBound_SixteenThreadsTakingEachOthersReservations_AllEncryptAndStayWithinTheBound()
    {
        var options = new FieldEncryptionOptions { MaxEncryptionsPerKey = 64 };
        using var ring = new TestKeyRing(options);
        var bag = new System.Collections.Concurrent.ConcurrentBag<(string Ciphertext, string Plaintext)>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    var plaintext = $"{t}-{i}";
                    bag.Add((ring.Encryptor.Encrypt(plaintext, Name), plaintext));
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(failures);
        Assert.Equal(3200, bag.Count);
        Assert.All(bag, v => Assert.Equal(v.Plaintext, ring.Encryptor.Decrypt(v.Ciphertext, Name)));
        var perKey = bag.GroupBy(v => KeyIdOf(v.Ciphertext)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perKey.Values, count => Assert.InRange(count, 1, 64));
        Assert.True(perKey.Count >= 50, $"{perKey.Count} keys for 3,200 encryptions at 64 a key");
    }

    [Fact]
    public async Task WrappedKeys_SwappedBetweenRecords_DoNotUnwrap()
    {
        var dataProtection = new EphemeralDataProtectionProvider();
        var store = new InMemoryFieldKeyStore();
        string ciphertext;
        using (var first = new TestKeyRing(store: store, dataProtection: dataProtection))
        {
            ciphertext = first.Encryptor.Encrypt("Әлихан", Name);
            _ = first.Ring.GetCurrent(RootSecretKind.BlindIndex);
        }

        var records = await store.GetAllAsync(CancellationToken.None);
        var encryption = records.Single(r => r.Purpose == FieldKeyPurpose.Encryption);
        var root = records.Single(r => r.Purpose == FieldKeyPurpose.BlindIndex);
        Assert.Equal(1, encryption.WrappingVersion);
        await store.UpdateAsync(encryption with { WrappedKey = root.WrappedKey }, CancellationToken.None);
        await store.UpdateAsync(root with { WrappedKey = encryption.WrappedKey }, CancellationToken.None);

        // On main both blobs unwrapped under their swapped records: the root secret became an encryption key.
        using var second = new TestKeyRing(store: store, dataProtection: dataProtection);
        var snapshot = second.Ring.Snapshot;
        Assert.Contains(encryption.Id, (IReadOnlySet<uint>)snapshot.Unavailable);
        Assert.Contains(root.Id, (IReadOnlySet<uint>)snapshot.Unavailable);
        var ex = Assert.Throws<FieldDecryptionException>(() => second.Encryptor.Decrypt(ciphertext, Name));
        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, ex.Reason);
    }

    [Fact]
    public async Task LegacyWrappedKey_StillUnwraps_AndIsRewrappedBoundToItsRecord()
    {
        var dataProtection = new EphemeralDataProtectionProvider();
        var material = RandomNumberGenerator.GetBytes(32);
        var legacy = new FieldKeyRecord
        {
            Id = 0xC0FFEE01, Purpose = FieldKeyPurpose.Encryption, State = FieldKeyState.Active,
            CreatedAt = TestKeyRing.Start, ActivatesAt = TestKeyRing.Start, ExpiresAt = TestKeyRing.Start.AddDays(20),
            WrappedKey = dataProtection.CreateProtector(FieldKeyRing.ProtectorPurpose).Protect(material),
        };
        var store = new InMemoryFieldKeyStore();
        Assert.True(await store.TryAddAsync(legacy, CancellationToken.None));

        using var ring = new TestKeyRing(store: store, dataProtection: dataProtection);
        Assert.Equal(legacy.Id, ring.Ring.CurrentKey.Id);
        var ciphertext = ring.Encryptor.Encrypt("Әлихан", Name);
        var stored = (await store.GetAllAsync(CancellationToken.None)).Single(r => r.Id == legacy.Id);
        Assert.Equal(1, stored.WrappingVersion);
        Assert.False(stored.WrappedKey!.AsSpan().SequenceEqual(legacy.WrappedKey));

        using var again = new TestKeyRing(store: store, dataProtection: dataProtection);
        Assert.Equal("Әлихан", again.Encryptor.Decrypt(ciphertext, Name));

        // The ciphertext was made with the legacy key's bytes: check with the platform cipher directly.
        var raw = FieldCiphertextTestHelpers.Decode(ciphertext);
        Assert.True(FieldCiphertextTestHelpers.TryDecryptWith(material, raw, Name, out var plain));
        Assert.Equal("Әлихан", plain);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Destroy_CurrentRootSecret_IsRefusedAndChangesNothing(int kindNumber)
    {
        var kind = (RootSecretKind)kindNumber;
        using var ring = new TestKeyRing();
        var root = ring.Ring.GetCurrent(kind);

        // On main the root was destroyed and a new one silently made: every stored index stopped matching.
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ring.Ring.DestroyAsync(root.Id));
        Assert.Contains("current", ex.Message, StringComparison.Ordinal);
        Assert.Same(root, ring.Ring.GetCurrent(kind));
        Assert.Equal(FieldKeyState.Active, (await ring.Store.GetAllAsync(CancellationToken.None)).Single(r => r.Id == root.Id).State);
    }

    [Fact]
    public async Task SubjectKeys_BulkEnrolment_ReadsTheStoreABoundedNumberOfTimes()
    {
        var store = new ReadCountingKeyStore();
        using var ring = new TestKeyRing(new FieldEncryptionOptions { PerSubjectKeys = true }, store);
        var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
        for (var i = 0; i < 2000; i++)
        {
            var context = Name.WithSubject($"pupil-{i}");
            Assert.Equal("x", encryptor.Decrypt(encryptor.Encrypt("x", context), context));
        }

        // On main each new subject re-read the whole store and rebuilt the snapshot: 2,000 reads, O(n²) work.
        Assert.InRange(store.Reads, 1, 3);
        Assert.Equal(2000, (await store.GetAllAsync(CancellationToken.None)).Count(r => r.Purpose == FieldKeyPurpose.SubjectEncryption));
    }

    [Fact]
    public void SubjectKeys_SeventyThousand_UnderTheLibsodiumEngine_DoNotExhaustMemoryMappings()
    {
        // libsodium keeps each key in guarded pages of its own: with a libsodium key per subject, the benchmark's 50,000
        // subjects crashed the process ("Failed to create RW mapping", vm.max_map_count). Subject keys use the platform engine.
        using var ring = new TestKeyRing(new FieldEncryptionOptions { PerSubjectKeys = true, Engine = FieldEncryptionEngine.Libsodium });
        var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
        var first = Name.WithSubject("pupil-0");
        var kept = encryptor.Encrypt("x", first);
        for (var i = 1; i < 70_000; i++)
        {
            _ = encryptor.Encrypt("x", Name.WithSubject($"pupil-{i}"));
        }

        Assert.Equal("x", encryptor.Decrypt(kept, first));
        Assert.Equal(70_000, ring.Ring.Snapshot.SubjectKeys.Count);
        Assert.Equal("libsodium", ring.Ring.Engine.Name);
    }

    private static uint KeyIdOf(string ciphertext)
    {
        Assert.True(FieldCiphertext.TryGetKeyId(ciphertext, out var id));
        return id;
    }
}
