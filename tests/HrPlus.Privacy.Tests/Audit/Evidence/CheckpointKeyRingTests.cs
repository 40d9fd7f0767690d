using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Audit.Evidence;

/// <summary>The Ed25519 checkpoint key in the field key store: made once, adopted by every instance, rotatable.</summary>
public sealed class CheckpointKeyRingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero));
    private readonly IDataProtectionProvider _dataProtection = new EphemeralDataProtectionProvider();

    [Fact]
    public async Task EightInstancesStartingTogether_AllSignWithOneKey_AndExactlyOneRecordStaysActive()
    {
        var store = new InMemoryFieldKeyStore();
        var rings = Enumerable.Range(0, 8).Select(_ => Ring(store)).ToList();

        var keys = await Task.WhenAll(rings.Select(r => Task.Run(async () => await r.GetSigningKeyAsync(CancellationToken.None))));
        var adopted = await Task.WhenAll(rings.Select(async r => (await r.GetSigningKeyAsync(CancellationToken.None)).PublicKey.KeyId));

        Assert.Single(adopted.Distinct());
        var records = (await store.GetAllAsync(CancellationToken.None)).Where(r => r.Purpose == FieldKeyPurpose.CheckpointSigning).ToList();
        Assert.Single(records, r => r.State == FieldKeyState.Active);
        Assert.All(records.Where(r => r.State != FieldKeyState.Active), r => Assert.Equal(FieldKeyState.Retired, r.State));

        // Every key any instance signed with, winner or loser, stays published.
        var published = (await rings[0].GetPublicKeysAsync(CancellationToken.None)).Select(k => k.KeyId).ToHashSet();
        Assert.Subset(published, keys.Select(k => k.PublicKey.KeyId).ToHashSet());
        rings.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task TheEarliestActiveRecord_IsAdopted_EvenWhenItReachesTheStoreLater()
    {
        var store = new InMemoryFieldKeyStore();
        using var first = Ring(store);
        var made = (await first.GetSigningKeyAsync(CancellationToken.None)).PublicKey.KeyId;

        // Another instance made its key with a clock five minutes behind, and its insert lands afterwards.
        var elsewhere = new InMemoryFieldKeyStore();
        using (var second = new CheckpointKeyRing(elsewhere, _dataProtection, new FakeTimeProvider(_time.GetUtcNow().AddMinutes(-5)), NullLogger.Instance))
        {
            await second.GetSigningKeyAsync(CancellationToken.None);
        }

        var earlier = (await elsewhere.GetAllAsync(CancellationToken.None)).Single();
        Assert.True(await store.TryAddAsync(earlier, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(10));

        var adopted = (await first.GetSigningKeyAsync(CancellationToken.None)).PublicKey.KeyId;

        Assert.NotEqual(made, adopted);
        var records = (await store.GetAllAsync(CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.Equal(FieldKeyState.Active, records[earlier.Id].State);
        Assert.Equal(FieldKeyState.Retired, records.Values.Single(r => r.Id != earlier.Id).State);
        Assert.Equal([earlier.Id], records.Values.Where(r => r.State == FieldKeyState.Active).Select(r => r.Id));
    }

    [Fact]
    public async Task Rotate_RetiresTheCurrentKey_WhichStaysPublishedWithAnEnd()
    {
        var store = new InMemoryFieldKeyStore();
        using var ring = Ring(store);
        var before = await ring.GetSigningKeyAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(3));

        var after = await ring.RotateAsync(CancellationToken.None);

        Assert.NotEqual(before.PublicKey.KeyId, after.KeyId);
        var published = await ring.GetPublicKeysAsync(CancellationToken.None);
        Assert.Equal([before.PublicKey.KeyId, after.KeyId], published.Select(k => k.KeyId));
        Assert.Equal([_time.GetUtcNow(), (DateTimeOffset?)null], published.Select(k => k.ValidTo));
    }

    [Fact]
    public async Task ARecordAnotherDataProtectionRingWrapped_IsNeverAdoptedNorPublished()
    {
        var store = new InMemoryFieldKeyStore();
        using var foreign = new CheckpointKeyRing(store, new EphemeralDataProtectionProvider(), _time, NullLogger.Instance);
        var theirs = (await foreign.GetSigningKeyAsync(CancellationToken.None)).PublicKey.KeyId;
        using var ours = Ring(store);

        var mine = (await ours.GetSigningKeyAsync(CancellationToken.None)).PublicKey.KeyId;

        Assert.NotEqual(theirs, mine);
        Assert.Equal([mine], (await ours.GetPublicKeysAsync(CancellationToken.None)).Select(k => k.KeyId));
    }

    private CheckpointKeyRing Ring(InMemoryFieldKeyStore store) => new(store, _dataProtection, _time, NullLogger.Instance);
}
