using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>What <c>SearchByEncryptedValueAsync</c> found: the matching rows, and the candidates it had to skip.</summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <param name="Matches">The rows whose value equals the one searched for, after normalization.</param>
/// <param name="Skipped">
/// One reason per candidate row (same blind index) that could not be decrypted: a blocked subject, a destroyed or
/// unknown key, a tampered value. Such a row is not a match for anyone, and never stops the others from being found.
/// </param>
public sealed record EncryptedValueSearchResult<TEntity>(IReadOnlyList<TEntity> Matches, IReadOnlyList<FieldDecryptionFailureReason> Skipped)
    where TEntity : class;
