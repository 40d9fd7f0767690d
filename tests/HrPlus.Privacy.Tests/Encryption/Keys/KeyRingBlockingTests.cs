using System.Diagnostics;
using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// The synchronous API (EF Core's value converters, on request threads) meets keys another instance made a moment ago and
/// looks them up in the store. Blocking on the store's asynchronous read, each such thread needed another thread-pool
/// thread for the read to finish on, queued behind the other requests: a burst of them needed as many threads as requests,
/// which the pool adds about one every half second, and meanwhile nothing asynchronous ran in the process, change
/// notifications' reloads included. The lookup now reads synchronously (<see cref="IFieldKeyStore.Get"/>).
/// On the old code this test took 5.6 to 11 s for 16 callers on the 2-core box.
/// </summary>
public sealed class KeyRingBlockingTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private readonly FakeTimeProvider _time = new(TestKeyRing.Start);
    private readonly InMemoryFieldKeyStore _store = new();
    private readonly List<FieldKeyRing> _rings = [];

    [Fact]
    public async Task GetDecryptionKey_ABurstOfBlockingCallersEachLookingUpANewKey_AllAnswerWithinASecond()
    {
        // More callers than the pool keeps threads, each on a pool thread, each meeting a key the ring has not loaded.
        var callers = (Environment.ProcessorCount * 4) + 8;
        var maker = Ring(_store);
        var reader = Ring(new YieldingStore(_store));
        _ = reader.Snapshot;
        var values = Enumerable.Range(0, callers)
            .Select(i => (Subject: $"pupil-{i}", Ciphertext: Encryptor(maker).Encrypt($"value {i}", Name.WithSubject($"pupil-{i}"))))
            .ToList();

        var watch = Stopwatch.StartNew();
        var reads = values.Select(v => Task.Run(() => Encryptor(reader).Decrypt(v.Ciphertext, Name.WithSubject(v.Subject)))).ToList();
        var all = await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = watch.Elapsed;
        output.WriteLine($"{callers} blocking lookups in {elapsed.TotalMilliseconds:F0} ms; {ThreadPool.ThreadCount} pool threads now.");

        Assert.Equal(values.Select((_, i) => $"value {i}"), all);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{callers} blocking lookups took {elapsed.TotalMilliseconds:F0} ms (bound: 1 s).");
    }

    public void Dispose()
    {
        foreach (var ring in _rings)
        {
            ring.Dispose();
        }
    }

    private static FieldEncryptor Encryptor(FieldKeyRing ring) => new(ring, perSubjectKeys: true);

    private FieldKeyRing Ring(IFieldKeyStore store)
    {
        var ring = new FieldKeyRing(store, IdentityDataProtection.Instance, _time, Microsoft.Extensions.Options.Options.Create(new FieldEncryptionOptions { PerSubjectKeys = true }), NullLogger<FieldKeyRing>.Instance);
        _rings.Add(ring);
        return ring;
    }

    /// <summary>A store whose asynchronous calls finish on a thread-pool thread and whose synchronous read runs on the caller's, as a database driver's do.</summary>
    private sealed class YieldingStore(IFieldKeyStore inner) : IFieldKeyStore
    {
        public FieldKeyRecord? Get(uint id) => inner.Get(id);

        public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.GetAllAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.TryAddAsync(key, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            await inner.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.TryUpdateAsync(key, expected, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.GetLiveAsync(purpose, subjectId, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            return await inner.TryAddIfSlotFreeAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }
}
