namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Rotates the root secret of blind indexes without a moment in which lookups find nothing: begin (a pending root),
/// re-index every stored value, complete (the pending root becomes current), then destroy the old root.
/// </summary>
/// <remarks>
/// <para>Stored index values carry no root id (they are plain truncated HMACs of their configured length), so the root is
/// versioned in the key ring instead: while a rotation is under way a value may be stored under the current or the pending
/// root, and lookups search every value <see cref="ComputeForLookup"/> returns (<c>WHERE index IN (...)</c>).</para>
/// <para>The current root cannot be destroyed (<see cref="IFieldKeyRing.DestroyAsync"/> refuses it): destroying it would
/// make every stored index unmatchable, and uniqueness checks would pass for duplicates. After <see cref="CompleteAsync"/>
/// the old root is retired and may be destroyed once every instance has refreshed
/// (<see cref="FieldEncryptionOptions.KeyRefreshInterval"/>).</para>
/// </remarks>
public interface IBlindIndexRootRotation
{
    /// <summary>Makes a pending root (or returns the one already pending). Nothing is looked up under it yet.</summary>
    /// <returns>The pending root's key information.</returns>
    Task<FieldKeyInfo> BeginAsync(CancellationToken cancellationToken = default);

    /// <summary>Computes the index of <paramref name="value"/> under the pending root, for the re-index job.</summary>
    /// <exception cref="InvalidOperationException">No rotation is under way (call <see cref="BeginAsync"/>).</exception>
    /// <exception cref="FormatException">The value is not valid for the index's normalization (the message never contains it).</exception>
    string ComputePending(BlindIndex index, string value);

    /// <summary>
    /// Computes every index value that <paramref name="value"/> may be stored under right now: under the current root
    /// first, then under a pending root and under retired roots that are not destroyed yet. Outside a rotation this is
    /// the one value <see cref="IBlindIndexer.Compute"/> gives.
    /// </summary>
    /// <exception cref="FormatException">The value is not valid for the index's normalization (the message never contains it).</exception>
    IReadOnlyList<string> ComputeForLookup(BlindIndex index, string value);

    /// <summary>Makes the pending root current and retires the previous one (it keeps serving lookups until destroyed).</summary>
    /// <returns>The new current root's key information.</returns>
    /// <exception cref="InvalidOperationException">No rotation is under way.</exception>
    Task<FieldKeyInfo> CompleteAsync(CancellationToken cancellationToken = default);
}
