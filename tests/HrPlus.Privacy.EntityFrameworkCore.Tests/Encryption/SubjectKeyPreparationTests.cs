using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Properties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Encryption;

/// <summary>
/// With per-subject keys, the first save for a subject this instance has not met reads the key store (the subject's key
/// may exist, made by another instance) and, when it holds none, writes one. <c>SaveChangesAsync</c> used to do that
/// inside its synchronous encryption, blocking a pool thread on the store's asynchronous calls; in the fleet (three
/// instances enrolling at once) that starved every instance's thread pool for up to seconds, and the reload a change
/// notification asks for waited behind it: erasures were seen late (issue 22, the fleet test). The asynchronous save
/// now awaits those store calls before it encrypts.
/// </summary>
public sealed class SubjectKeyPreparationTests : IDisposable
{
    private readonly SqliteProvider _database = new();
    private readonly GatedStore _store = new();
    private readonly ServiceProvider _provider;

    public SubjectKeyPreparationTests()
    {
        var services = new ServiceCollection();
        services.AddHrPlusPrivacy(o => o.Encryption.PerSubjectKeys = true)
            .UseFieldKeyStore(_store)
            .UseEpochKeyStore(new ListStore());
        services.AddDbContext<CardDbContext>((sp, o) => _database.Configure(o.UseHrPlusPrivacy(sp)));
        _provider = services.BuildServiceProvider();
        using var scope = _provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<CardDbContext>().Database.EnsureCreated();
    }

    [Fact]
    public async Task SaveChangesAsync_ForASubjectNotMetYet_AwaitsTheStore_InsteadOfBlockingTheCaller()
    {
        // Load the ring (its shared keys) before the store is gated, as a running instance has.
        _ = _provider.GetRequiredService<IFieldEncryptor>().Encrypt("warm", FieldContext.For("Card", "Note"));
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        db.Cards.Add(new Card { Id = Guid.NewGuid(), SubjectId = "pupil-new", Remark = "бірінші жазба" });

        _store.Close();
        var save = db.SaveChangesAsync();

        // Blocking on the gated store, the call would only return once the gate opened by itself (after 10 s), completed.
        var returnedBeforeTheStoreAnswered = !save.IsCompleted && _store.Waiting > 0;
        _store.Open();
        Assert.Equal(1, await save);
        Assert.True(returnedBeforeTheStoreAnswered, "SaveChangesAsync blocked its caller on the key store's asynchronous calls");
        Assert.False(_store.OpenedByItself);
        Assert.Single(await _store.GetAllAsync(CancellationToken.None), r => r.Purpose == FieldKeyPurpose.SubjectEncryption && r.SubjectId == "pupil-new");
    }

    [Fact]
    public async Task SaveChangesAsync_ThenALoad_RoundTripsAndMakesOneKeyPerSubject()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = _provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            var card = new Card { Id = Guid.NewGuid(), SubjectId = i < 2 ? "pupil-a" : "pupil-b", Remark = $"жазба {i}" };
            ids.Add(card.Id);
            db.Cards.Add(card);
            Assert.Equal(1, await db.SaveChangesAsync());
        }

        await using (var scope = _provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
            var remarks = (await db.Cards.AsNoTracking().ToListAsync()).Select(c => c.SubjectId + ":" + c.Remark).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["pupil-a:жазба 0", "pupil-a:жазба 1", "pupil-b:жазба 2"], remarks);
        }

        var keys = (await _store.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.SubjectEncryption).Select(r => r.SubjectId).Order().ToList();
        Assert.Equal(["pupil-a", "pupil-b"], keys);
    }

    [Fact]
    public async Task SaveChangesAsync_WithAnEmptySubject_IsRefusedByTheEncryption_AsBefore()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var card = new Card { Id = Guid.NewGuid(), SubjectId = "", Remark = "r" };
        db.Cards.Add(card);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Equal("'Card.Remark' is bound to its subject, but 'SubjectId' is empty; nothing was saved.", ex.Message);
        Assert.Equal("r", card.Remark);
    }

    [Fact]
    public async Task SaveChangesAsync_WithAnIinAsSubjectId_IsRefused_AndNoKeyIsMadeForIt()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardDbContext>();
        var card = new Card { Id = Guid.NewGuid(), SubjectId = "100412500013", Remark = "r" };
        db.Cards.Add(card);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => db.SaveChangesAsync());
        Assert.StartsWith("The id contains an IIN; use the host's opaque id for the person", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("100412500013", ex.Message, StringComparison.Ordinal);
        Assert.Equal("r", card.Remark);
        Assert.DoesNotContain(await _store.GetAllAsync(CancellationToken.None), r => r.SubjectId is not null && r.SubjectId.Contains("100412500013", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _store.Open();
        _provider.Dispose();
        _database.Dispose();
    }

    /// <summary>An in-memory store whose asynchronous calls wait, while closed, until the test opens it (or 10 s pass).</summary>
    private sealed class GatedStore : IFieldKeyStore
    {
        private readonly ListStore _inner = new();
        private volatile TaskCompletionSource _gate = Opened();
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public bool OpenedByItself { get; private set; }

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public FieldKeyRecord? Get(uint id) => _inner.GetAllAsync(CancellationToken.None).Result.FirstOrDefault(r => r.Id == id);

        public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
        {
            await PassAsync().ConfigureAwait(false);
            return await _inner.GetAllAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            await PassAsync().ConfigureAwait(false);
            return await _inner.TryAddAsync(key, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            await PassAsync().ConfigureAwait(false);
            await _inner.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource();
            open.SetResult();
            return open;
        }

        private async Task PassAsync()
        {
            var gate = _gate;
            if (gate.Task.IsCompleted)
            {
                return;
            }

            Interlocked.Increment(ref _waiting);
            if (await Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false) != gate.Task)
            {
                OpenedByItself = true;
                gate.TrySetResult();
            }
        }
    }

    /// <summary>A plain list of records, for one test at a time.</summary>
    private sealed class ListStore : IFieldKeyStore
    {
        private readonly Lock _lock = new();
        private readonly List<FieldKeyRecord> _records = [];

        public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return ValueTask.FromResult<IReadOnlyList<FieldKeyRecord>>([.. _records]);
            }
        }

        public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_records.Any(r => r.Id == key.Id))
                {
                    return ValueTask.FromResult(false);
                }

                _records.Add(key);
                return ValueTask.FromResult(true);
            }
        }

        public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _records[_records.FindIndex(r => r.Id == key.Id)] = key;
                return ValueTask.CompletedTask;
            }
        }
    }
}
