namespace HrPlus.Privacy.Subjects;

/// <summary>Keeps subject blocks in process memory; for tests and demos.</summary>
public sealed class InMemoryBlockStore : IBlockStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, SubjectBlock> _blocks = [];

    /// <inheritdoc/>
    public ValueTask AddAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_lock)
        {
            _blocks.Add(block.Id, block);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask UpdateAsync(SubjectBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        lock (_lock)
        {
            _blocks[block.Id] = _blocks.ContainsKey(block.Id) ? block : throw new KeyNotFoundException("There is no such block.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SubjectBlock>> GetActiveAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<SubjectBlock>>([.. _blocks.Values.Where(b => b.IsActive)]);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SubjectBlock>> GetBySubjectAsync(string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<SubjectBlock>>(
                [.. _blocks.Values.Where(b => b.SubjectId == subjectId).OrderBy(b => b.BlockedAt).ThenBy(b => b.Id)]);
        }
    }
}
