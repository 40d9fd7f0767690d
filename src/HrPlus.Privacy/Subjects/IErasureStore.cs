namespace HrPlus.Privacy.Subjects;

/// <summary>Persists the state of erasures (<see cref="ErasureRecord"/>), so an interrupted one resumes instead of starting over.</summary>
public interface IErasureStore
{
    /// <summary>Saves <paramref name="record"/>, adding it or replacing the record with the same id.</summary>
    ValueTask SaveAsync(ErasureRecord record, CancellationToken cancellationToken);

    /// <summary>Finds the subject's latest erasure (by request time), or null when the subject was never erased.</summary>
    ValueTask<ErasureRecord?> FindLatestAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Lists the erasures not completed yet, oldest first: the ones to resume.</summary>
    ValueTask<IReadOnlyList<ErasureRecord>> GetIncompleteAsync(CancellationToken cancellationToken);
}
