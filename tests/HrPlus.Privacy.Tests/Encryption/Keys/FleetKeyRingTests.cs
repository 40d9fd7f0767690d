using System.Security.Cryptography;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// Several instances over one key store (one in-memory store, or one folder through a store each): a key made a moment ago
/// decrypts at once, one live key per subject, one first key and one root per purpose, one pending root.
/// </summary>
public abstract class FleetKeyRingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 4, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");
    private readonly IDataProtectionProvider _dataProtection = new EphemeralDataProtectionProvider();
    private readonly List<FieldKeyRing> _rings = [];

    // The rate limit that used to stand between a new key and the instances that had not seen it: an hour, so any read it
    // still gates fails the test.
    private readonly FieldEncryptionOptions _options = new() { PerSubjectKeys = true, UnknownKeyRefreshInterval = TimeSpan.FromHours(1) };

    internal FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The field-key store of one more instance over the shared keys.</summary>
    internal abstract IFieldKeyStore Keys();

    /// <summary>The epoch-key store of one more instance over the shared epoch keys.</summary>
    internal abstract IFieldKeyStore Epochs();

    /// <summary>An epoch-key store nobody else uses (an instance whose epoch home differs), and its name.</summary>
    internal abstract (IFieldKeyStore Store, string Location) ForeignEpochs();

    public virtual void Dispose()
    {
        foreach (var ring in _rings)
        {
            ring.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Decrypt_SubjectKeyAnotherInstanceMadeAMomentAgo_DecryptsAtOnce()
    {
        var a = Ring();
        var b = Ring();
        var first = Encryptor(a).Encrypt("Әлихан", Name.WithSubject("pupil-1"));
        Assert.Equal("Әлихан", Encryptor(b).Decrypt(first, Name.WithSubject("pupil-1")));

        // On main B's one refresh per UnknownKeyRefreshInterval was spent on pupil-1: pupil-2 failed as UnknownKey.
        var second = Encryptor(a).Encrypt("Аружан", Name.WithSubject("pupil-2"));

        Assert.Equal("Аружан", Encryptor(b).Decrypt(second, Name.WithSubject("pupil-2")));
    }

    [Fact]
    public async Task Encrypt_SubjectAnotherInstanceEnrolled_AdoptsItsKey_NeverASecond()
    {
        var a = Ring();
        var b = Ring();
        _ = Encryptor(b).Encrypt("x", Name.WithSubject("pupil-0"));
        var fromA = Encryptor(a).Encrypt("Әлихан", Name.WithSubject("pupil-1"));

        var fromB = Encryptor(b).Encrypt("Бекұлы", Name.WithSubject("pupil-1"));

        Assert.Equal(FieldCiphertextTestHelpers.KeyId(FieldCiphertextTestHelpers.Decode(fromA)), FieldCiphertextTestHelpers.KeyId(FieldCiphertextTestHelpers.Decode(fromB)));
        Assert.Equal("Бекұлы", Encryptor(a).Decrypt(fromB, Name.WithSubject("pupil-1")));
        Assert.Single(await Keys().GetLiveAsync(FieldKeyPurpose.SubjectEncryption, "pupil-1", CancellationToken.None));
    }

    [Fact]
    public async Task Enrol_SameNewSubjectsOnFourInstancesAtOnce_OneLiveKeyEach_AndEveryValueDecryptsEverywhere()
    {
        var rings = Enumerable.Range(0, 4).Select(_ => Ring()).ToArray();
        foreach (var ring in rings)
        {
            _ = ring.Snapshot;
        }

        const int Subjects = 40;
        using var start = new Barrier(rings.Length);
        var written = await Task.WhenAll(rings.Select((ring, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, Subjects).Select(s => (Subject: $"pupil-{s}", Value: $"value {i}/{s}", Ciphertext: Encryptor(ring).Encrypt($"value {i}/{s}", Name.WithSubject($"pupil-{s}")))).ToList();
        })));

        var store = Keys();
        for (var s = 0; s < Subjects; s++)
        {
            Assert.Single(await store.GetLiveAsync(FieldKeyPurpose.SubjectEncryption, $"pupil-{s}", CancellationToken.None));
        }

        foreach (var (subject, value, ciphertext) in written.SelectMany(w => w))
        {
            Assert.All(rings, ring => Assert.Equal(value, Encryptor(ring).Decrypt(ciphertext, Name.WithSubject(subject))));
        }
    }

    [Fact]
    public async Task SubjectsLiveKeyNotUnwrappableHere_EncryptAndDecryptFailAsKeyUnavailable_NamingTheEpochLocation_NoSecondKey()
    {
        var a = Ring();
        var (foreign, location) = ForeignEpochs();
        var b = Ring(epochs: foreign);
        var stored = Encryptor(a).Encrypt("Әлихан", Name.WithSubject("pupil-1"));

        var onEncrypt = Assert.Throws<FieldDecryptionException>(() => Encryptor(b).Encrypt("Бекұлы", Name.WithSubject("pupil-1")));
        var onDecrypt = Assert.Throws<FieldDecryptionException>(() => Encryptor(b).Decrypt(stored, Name.WithSubject("pupil-1")));

        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, onEncrypt.Reason);
        Assert.Equal(FieldDecryptionFailureReason.KeyUnavailable, onDecrypt.Reason);
        Assert.Contains(location, onEncrypt.Message, StringComparison.Ordinal);
        Assert.Contains("epoch key", onDecrypt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pupil-1", onEncrypt.Message, StringComparison.Ordinal);
        Assert.Single(await Keys().GetLiveAsync(FieldKeyPurpose.SubjectEncryption, "pupil-1", CancellationToken.None));
    }

    [Fact]
    public async Task FourInstancesStartTogetherOnAnEmptyStore_OneFirstKeyAndOneRootPerPurpose_IdenticalIndexesAndPseudonyms()
    {
        var gated = new GatedKeyStore(Keys());
        var loggers = Enumerable.Range(0, 4).Select(_ => new FakeLogger()).ToArray();
        var rings = loggers.Select(l => Ring(gated, logger: l)).ToArray();
        gated.Gate(rings.Length);

        // Each instance reads the empty store once per step before any of them writes (on main each then made its own).
        var roots = await Task.WhenAll(rings.Select(ring => Task.Run(() =>
        (
            Current: ring.CurrentKey.Id,
            Index: ring.GetCurrent(RootSecretKind.BlindIndex).Id,
            Pseudonym: ring.GetCurrent(RootSecretKind.Pseudonym).Id
        ))));
        gated.Open();

        Assert.Single(roots.Distinct());
        var records = await Keys().GetAllAsync(CancellationToken.None);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.Encryption);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.BlindIndex);
        Assert.Single(records, r => r.Purpose == FieldKeyPurpose.Pseudonym);
        var index = BlindIndex.Create("pupil-code", BlindIndexNormalization.Exact, 64);
        Assert.Single(rings.Select(r => new BlindIndexer(r).Compute(index, "code-0042")).Distinct());
        Assert.All(loggers, l => Assert.DoesNotContain(l.Collector.GetSnapshot(), r => r.Id.Id == 1008));
    }

    [Fact]
    public async Task RootRotationBegunOnTwoInstancesAtOnce_OnePendingRoot_AndCompletionActivatesTheOneReIndexingUsed()
    {
        var gated = new GatedKeyStore(Keys());
        var a = Ring(gated);
        var b = Ring(gated);
        var index = BlindIndex.Create("pupil-code", BlindIndexNormalization.Exact, 64);
        var old = a.GetCurrent(RootSecretKind.BlindIndex).Id;
        Assert.Equal(old, b.GetCurrent(RootSecretKind.BlindIndex).Id);
        gated.Gate(2);

        var begun = await Task.WhenAll(
            Task.Run(() => a.BeginRootRotationAsync(FieldKeyPurpose.BlindIndex, CancellationToken.None)),
            Task.Run(() => b.BeginRootRotationAsync(FieldKeyPurpose.BlindIndex, CancellationToken.None)));
        gated.Open();
        await a.RefreshAsync();
        await b.RefreshAsync();
        var reIndexedOnB = new BlindIndexRootRotation(b).ComputePending(index, "code-0042");
        var completed = await new BlindIndexRootRotation(a).CompleteAsync();

        Assert.Equal(begun[0].Id, begun[1].Id);
        Assert.Equal(begun[0].Id, completed.Id);
        Assert.Single(await Keys().GetLiveAsync(FieldKeyPurpose.BlindIndex, null, CancellationToken.None), r => r.ActivatesAt != DateTimeOffset.MaxValue && r.State == FieldKeyState.Active && r.Id == completed.Id);
        await b.RefreshAsync();
        Assert.Equal(reIndexedOnB, new BlindIndexer(b).Compute(index, "code-0042"));
        Assert.Equal(reIndexedOnB, new BlindIndexer(a).Compute(index, "code-0042"));
    }

    [Fact]
    public async Task AnotherInstanceRotatedAMomentAgo_TheOldKeyIsRetiredWithoutTheInterruptedRotationWarning()
    {
        var logger = new FakeLogger();
        var b = Ring(logger: logger);
        var old = b.CurrentKey.Id;

        // Another instance has just made its new key and is about to retire the old one.
        Time.Advance(TimeSpan.FromSeconds(1));
        await AddEncryptionKeyAsync(0x0A0B0C0D, Time.GetUtcNow());
        await b.RefreshAsync();

        Assert.Equal(0x0A0B0C0Du, b.CurrentKey.Id);
        Assert.Equal(FieldKeyState.Retired, (await Keys().GetAsync(old, CancellationToken.None))!.State);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id == 1008);
        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1036);
    }

    [Fact]
    public async Task AnOldPairOfActiveKeys_IsStillReportedAsAnInterruptedRotation()
    {
        var logger = new FakeLogger();
        var b = Ring(logger: logger);
        _ = b.CurrentKey;
        Time.Advance(TimeSpan.FromHours(2));
        await AddEncryptionKeyAsync(0x0A0B0C0E, Time.GetUtcNow() - TimeSpan.FromHours(1));

        await b.RefreshAsync();

        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 1008);
    }

    private async Task AddEncryptionKeyAsync(uint id, DateTimeOffset createdAt)
    {
        var material = RandomNumberGenerator.GetBytes(32);
        var protector = FieldKeyWrapping.WrappingProtector(_dataProtection.CreateProtector(FieldKeyRing.ProtectorPurpose), id, FieldKeyPurpose.Encryption, null, FieldKeyWrapping.CurrentWrappingVersion);
        Assert.True(await Keys().TryAddAsync(
            new FieldKeyRecord
            {
                Id = id,
                Purpose = FieldKeyPurpose.Encryption,
                State = FieldKeyState.Active,
                CreatedAt = createdAt,
                ActivatesAt = createdAt,
                ExpiresAt = createdAt + TimeSpan.FromDays(30),
                WrappedKey = protector.Protect(material),
                WrappingVersion = FieldKeyWrapping.CurrentWrappingVersion,
                ReservedEncryptions = 1024,
            },
            CancellationToken.None));
    }

    private static FieldEncryptor Encryptor(FieldKeyRing ring) => new(ring, perSubjectKeys: true);

    private FieldKeyRing Ring(IFieldKeyStore? keys = null, IFieldKeyStore? epochs = null, FakeLogger? logger = null)
    {
        var epochStore = epochs ?? Epochs();
        var ring = new FieldKeyRing(
            keys ?? Keys(),
            _dataProtection,
            Time,
            Microsoft.Extensions.Options.Options.Create(_options),
            logger ?? new FakeLogger(),
            epochs: new SubjectKeyEpochs(epochStore, _dataProtection, _options) { Location = epochs is null ? "the shared epoch keys" : ForeignLocation });
        _rings.Add(ring);
        return ring;
    }

    private protected string ForeignLocation { get; set; } = "nowhere";
}

public sealed class InMemoryFleetKeyRingTests : FleetKeyRingTests
{
    private readonly InMemoryFieldKeyStore _keys = new();

    internal override IFieldKeyStore Keys() => _keys;

    internal override IFieldKeyStore Epochs() => _keys.EpochKeys;

    internal override (IFieldKeyStore Store, string Location) ForeignEpochs()
    {
        ForeignLocation = "process memory of another instance";
        return (new InMemoryFieldKeyStore(), ForeignLocation);
    }
}

/// <summary>Each instance with stores of its own over one field-key folder and one epoch folder, as processes have.</summary>
public sealed class FileSystemFleetKeyRingTests : FleetKeyRingTests
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hrplus-fleet-");

    internal override IFieldKeyStore Keys() => new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, "field-keys")));

    internal override IFieldKeyStore Epochs() => new FileSystemFieldKeyStore(new DirectoryInfo(Path.Combine(_root.FullName, "epoch-keys")));

    internal override (IFieldKeyStore Store, string Location) ForeignEpochs()
    {
        var folder = Path.Combine(_root.FullName, "other-epoch-keys");
        ForeignLocation = $"the folder {folder}";
        return (new FileSystemFieldKeyStore(new DirectoryInfo(folder)), ForeignLocation);
    }

    public override void Dispose()
    {
        base.Dispose();
        _root.Delete(recursive: true);
    }
}
