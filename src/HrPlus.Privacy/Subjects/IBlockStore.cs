namespace HrPlus.Privacy.Subjects;

/// <summary>Persists subject blocks.</summary>
public interface IBlockStore
{
    /// <summary>Adds a block.</summary>
    ValueTask AddAsync(SubjectBlock block, CancellationToken cancellationToken);

    /// <summary>Replaces a block with its ended state.</summary>
    ValueTask UpdateAsync(SubjectBlock block, CancellationToken cancellationToken);

    /// <summary>Reads every active block.</summary>
    ValueTask<IReadOnlyList<SubjectBlock>> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>Reads every block of one subject, ended ones included, oldest first.</summary>
    ValueTask<IReadOnlyList<SubjectBlock>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken);
}
