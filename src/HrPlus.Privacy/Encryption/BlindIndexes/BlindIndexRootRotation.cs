namespace HrPlus.Privacy.Encryption;

/// <summary>The blind-index root rotation over the key ring.</summary>
internal sealed class BlindIndexRootRotation(FieldKeyRing ring) : IBlindIndexRootRotation
{
    public async Task<FieldKeyInfo> BeginAsync(CancellationToken cancellationToken = default) =>
        await ring.BeginRootRotationAsync(FieldKeyPurpose.BlindIndex, cancellationToken).ConfigureAwait(false);

    public string ComputePending(BlindIndex index, string value)
    {
        var pending = ring.GetPendingRoot(FieldKeyPurpose.BlindIndex)
            ?? throw new InvalidOperationException("No blind-index root rotation is under way: call BeginAsync first.");
        return BlindIndexer.Compute(index, value, pending);
    }

    public IReadOnlyList<string> ComputeForLookup(BlindIndex index, string value)
    {
        var roots = ring.GetLiveRoots(RootSecretKind.BlindIndex);
        var values = new List<string>(roots.Count);
        foreach (var root in roots)
        {
            var computed = BlindIndexer.Compute(index, value, root);
            if (!values.Contains(computed, StringComparer.Ordinal))
            {
                values.Add(computed);
            }
        }

        return values;
    }

    public async Task<FieldKeyInfo> CompleteAsync(CancellationToken cancellationToken = default) =>
        await ring.CompleteRootRotationAsync(FieldKeyPurpose.BlindIndex, cancellationToken).ConfigureAwait(false);
}
