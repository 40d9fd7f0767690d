using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class BlindIndexRootRotationTests
{
    private static readonly BlindIndex IinIndex = BlindIndex.Create("pupil-iin", BlindIndexNormalization.Iin, 64);

    [Fact]
    public async Task Rotation_BeginReindexComplete_LookupsFindEveryRowAtEveryStep_ThenTheOldRootMayGo()
    {
        using var ring = new TestKeyRing();
        var indexer = new BlindIndexer(ring.Ring);
        var rotation = new BlindIndexRootRotation(ring.Ring);
        var values = new[] { ValidIin("10041250001"), ValidIin("07010160001"), ValidIin("99021035001") };
        var stored = values.ToDictionary(v => v, v => indexer.Compute(IinIndex, v));
        var oldRoot = ring.Ring.GetCurrent(RootSecretKind.BlindIndex).Id;

        Assert.Throws<InvalidOperationException>(() => rotation.ComputePending(IinIndex, values[0]));
        var pending = await rotation.BeginAsync();
        Assert.Equal(pending.Id, (await rotation.BeginAsync()).Id);
        Assert.Equal(oldRoot, ring.Ring.GetCurrent(RootSecretKind.BlindIndex).Id);
        Assert.Equal(stored[values[0]], indexer.Compute(IinIndex, values[0]));

        // Re-index one row at a time; lookups keep finding both re-indexed and not-yet-re-indexed rows.
        foreach (var value in values)
        {
            stored[value] = rotation.ComputePending(IinIndex, value);
            foreach (var probe in values)
            {
                Assert.Contains(stored[probe], rotation.ComputeForLookup(IinIndex, probe));
            }
        }

        Assert.NotEqual(oldRoot, (await rotation.CompleteAsync()).Id);
        Assert.Equal(pending.Id, ring.Ring.GetCurrent(RootSecretKind.BlindIndex).Id);
        Assert.All(values, v => Assert.Equal(stored[v], indexer.Compute(IinIndex, v)));
        Assert.Equal(FieldKeyState.Retired, ring.Ring.GetKeys().Single(k => k.Id == oldRoot).State);

        await ring.Ring.DestroyAsync(oldRoot);
        Assert.All(values, v => Assert.Equal([stored[v]], rotation.ComputeForLookup(IinIndex, v)));
        Assert.Throws<InvalidOperationException>(() => rotation.ComputePending(IinIndex, values[0]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => rotation.CompleteAsync());
    }

    [Fact]
    public async Task StoredIndexValues_AreUntaggedAndKeepTheirConfiguredLength_AcrossARotation()
    {
        using var ring = new TestKeyRing();
        var indexer = new BlindIndexer(ring.Ring);
        var rotation = new BlindIndexRootRotation(ring.Ring);
        var before = indexer.Compute(IinIndex, ValidIin("10041250001"));
        await rotation.BeginAsync();
        var pending = rotation.ComputePending(IinIndex, ValidIin("10041250001"));
        await rotation.CompleteAsync();

        Assert.Equal(11, before.Length); // 64 bits in base64url without padding
        Assert.Equal(11, pending.Length);
        Assert.NotEqual(before, pending);
    }

    [Fact]
    public async Task Retire_CurrentRoot_IsRefused()
    {
        using var ring = new TestKeyRing();
        var root = ring.Ring.GetCurrent(RootSecretKind.BlindIndex);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ring.Ring.RetireAsync(root.Id));
        Assert.Same(root, ring.Ring.GetCurrent(RootSecretKind.BlindIndex));
    }

    [Fact]
    public async Task DestroyedRoot_ZeroesTheKeysDerivedFromIt()
    {
        using var ring = new TestKeyRing();
        var rotation = new BlindIndexRootRotation(ring.Ring);
        var old = ring.Ring.GetCurrent(RootSecretKind.BlindIndex);
        var derived = IinIndex.KeyFor(old);
        await rotation.BeginAsync();
        await rotation.CompleteAsync();
        await ring.Ring.DestroyAsync(old.Id);

        Assert.True(derived.IsDisposed);
        Assert.Throws<InvalidOperationException>(() => derived.Compute("x"u8, new byte[32]));
    }

    // Synthetic IINs: eleven chosen digits and the check digit that makes them valid.
    private static string ValidIin(string first11) =>
        Enumerable.Range(0, 10).Select(d => first11 + d).First(s => HrPlus.Privacy.Identifiers.Iin.TryParse(s, out _));
}
