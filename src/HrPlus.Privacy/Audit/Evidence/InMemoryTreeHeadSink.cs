using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.Audit;

/// <summary>Keeps signed tree heads beside the in-memory stores (tests and demos), where no folder is configured.</summary>
internal sealed class InMemoryTreeHeadSink : ISignedTreeHeadSink
{
    private readonly Lock _lock = new();
    private readonly List<SignedTreeHead> _heads = [];

    public ValueTask WriteAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_lock)
        {
            _heads.Add(head);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<SignedTreeHead?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_heads.LastOrDefault(h => h.Log == log));
        }
    }

    public async IAsyncEnumerable<SignedTreeHead> ReadAllAsync(HashChainedLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SignedTreeHead[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _heads.Where(h => h.Log == log)];
        }

        foreach (var head in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return head;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
