using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Subjects;

/// <summary>
/// Blocking of a subject's data while a request about it is checked (Law 94-V; policy clause 1.1.9): decryption
/// under the subject's <see cref="FieldContext"/> fails with <see cref="FieldDecryptionFailureReason.SubjectBlocked"/>
/// and consents for the subject are refused, except through the audited verification path.
/// </summary>
public interface ISubjectBlocking
{
    /// <summary>Blocks a subject's data; every instance stops decrypting it within the cache duration, this one at once.</summary>
    /// <exception cref="InvalidOperationException">The subject is blocked already.</exception>
    ValueTask<SubjectBlock> BlockAsync(string subjectId, string reason, BlockRequester requester, string blockedBy, CancellationToken cancellationToken = default);

    /// <summary>Ends the subject's block.</summary>
    /// <exception cref="InvalidOperationException">The subject is not blocked.</exception>
    ValueTask<SubjectBlock> UnblockAsync(string subjectId, string unblockedBy, CancellationToken cancellationToken = default);

    /// <summary>Gets whether the subject is blocked (from the in-memory set; no storage access).</summary>
    bool IsBlocked(string subjectId);

    /// <summary>
    /// Decrypts a blocked subject's value for the check that the block is for, appending a <c>Decrypt</c> audit entry
    /// first: who asked (<paramref name="actor"/>), why (<paramref name="purpose"/>), which field and under which block.
    /// </summary>
    /// <exception cref="ArgumentException">The context names no subject, or the actor is not a valid id.</exception>
    /// <exception cref="InvalidOperationException">The subject is not blocked (the store is read, not the cached set).</exception>
    ValueTask<string> DecryptForVerificationAsync(string ciphertext, FieldContext context, string actor, string purpose, CancellationToken cancellationToken = default);
}
