namespace HrPlus.Privacy.Encryption;

/// <summary>The ring's members that its collaborators serve; callers keep one entry point, the ring.</summary>
internal sealed partial class FieldKeyRing
{
    /// <summary>Gets the result of the start-up check of epoch keys, or null before it ran (or without epoch keys).</summary>
    internal EpochKeyCheck? EpochCheck => _epochJob.EpochCheck;

    /// <inheritdoc cref="KeyReservations.RentCurrentKey"/>
    public FieldKey RentCurrentKey() => _reservations.RentCurrentKey();

    /// <summary>Gets the ring's count of encryptions under its current shared key (tests reach its hook through it).</summary>
    internal KeyReservations Reservations => _reservations;

    /// <inheritdoc cref="KeyReservations.WarmUp"/>
    public void WarmUp() => _reservations.WarmUp();

    /// <inheritdoc cref="SubjectKeys.GetSubjectKey"/>
    public FieldKey GetSubjectKey(string subjectId) => _subjects.GetSubjectKey(subjectId);

    /// <inheritdoc cref="SubjectKeys.GetSubjectKeyAsync"/>
    public ValueTask<FieldKey> GetSubjectKeyAsync(string subjectId, CancellationToken cancellationToken) =>
        _subjects.GetSubjectKeyAsync(subjectId, cancellationToken);

    /// <inheritdoc cref="SubjectKeys.IsSubjectKey"/>
    public bool IsSubjectKey(uint keyId) => _subjects.IsSubjectKey(keyId);

    /// <inheritdoc cref="SubjectKeys.DestroyAsync"/>
    public Task<int> DestroySubjectKeysAsync(string subjectId, CancellationToken cancellationToken) =>
        _subjects.DestroyAsync(subjectId, cancellationToken);

    /// <inheritdoc cref="SubjectKeyEpochJob.GetBackupsUnreadableAfterAsync"/>
    public Task<DateTimeOffset?> GetBackupsUnreadableAfterAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        _epochJob.GetBackupsUnreadableAfterAsync(at, cancellationToken);

    /// <inheritdoc cref="SubjectKeyEpochJob.CheckEpochKeysAsync"/>
    public Task<EpochKeyCheck?> CheckEpochKeysAsync(CancellationToken cancellationToken) => _epochJob.CheckEpochKeysAsync(cancellationToken);

    public RootSecret GetCurrent(RootSecretKind kind) => _roots.GetCurrent(kind);

    public RootSecret? Find(RootSecretKind kind, uint id) => _roots.Find(kind, id);

    /// <inheritdoc cref="KeyRingRoots.GetPendingRoot"/>
    public RootSecret? GetPendingRoot(FieldKeyPurpose purpose) => _roots.GetPendingRoot(purpose);

    /// <inheritdoc cref="KeyRingRoots.GetLiveRoots"/>
    public IReadOnlyList<RootSecret> GetLiveRoots(RootSecretKind kind) => _roots.GetLiveRoots(kind);

    /// <inheritdoc cref="KeyRingRoots.BeginRotationAsync"/>
    public Task<FieldKeyInfo> BeginRootRotationAsync(FieldKeyPurpose purpose, CancellationToken cancellationToken) =>
        _roots.BeginRotationAsync(purpose, cancellationToken);

    /// <inheritdoc cref="KeyRingRoots.CompleteRotationAsync"/>
    public Task<FieldKeyInfo> CompleteRootRotationAsync(FieldKeyPurpose purpose, CancellationToken cancellationToken) =>
        _roots.CompleteRotationAsync(purpose, cancellationToken);
}
