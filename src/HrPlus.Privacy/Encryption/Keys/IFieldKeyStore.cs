namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Persists keys (wrapped by DataProtection) for field encryption, blind indexes and pseudonyms.
/// </summary>
/// <remarks>
/// The default store keeps one file per key next to DataProtection's key ring; the EF Core package adds a
/// database store for deployments with several instances. Implementations must be thread-safe. Writes are
/// rare (a key a month by default); reads happen at start-up and when a ciphertext names a key id that this
/// process has not seen yet.
/// </remarks>
public interface IFieldKeyStore
{
    /// <summary>Reads every key in the store, destroyed ones included.</summary>
    ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new key.</summary>
    /// <returns><see langword="false"/> when a key with the same id exists already (the caller picks another id).</returns>
    ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Replaces the key with the same id (state changes; destruction clears the wrapped key).</summary>
    /// <exception cref="InvalidOperationException">No key has that id.</exception>
    ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken);
}
