using System.Runtime.CompilerServices;

namespace HrPlus.Privacy.Audit;

/// <summary>The in-memory consent ledger's and audit trail's one list: appends sealed under a lock, reads from snapshots.</summary>
internal sealed class InMemoryHashChain<T>(HashChainLinks<T> links)
    where T : class
{
    private readonly Lock _lock = new();
    private readonly List<T> _entries = [];

    /// <summary>Seals the pending entry after the tail (read inside the lock) and appends it.</summary>
    public T Append(Func<long, string, T> seal)
    {
        lock (_lock)
        {
            var last = _entries.Count == 0 ? null : _entries[^1];
            var sealedEntry = seal(last is null ? 0 : links.Sequence(last), last is null ? HashChain.GenesisHash : links.Hash(last));
            _entries.Add(sealedEntry);
            return sealedEntry;
        }
    }

    public T? Head()
    {
        lock (_lock)
        {
            return _entries.Count == 0 ? null : _entries[^1];
        }
    }

    public T? FindLast(Predicate<T> match)
    {
        lock (_lock)
        {
            return _entries.FindLast(match);
        }
    }

    public T[] Where(Func<T, bool> match)
    {
        lock (_lock)
        {
            return [.. _entries.Where(match)];
        }
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        T[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _entries];
        }

        foreach (var entry in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Replaces an entry without resealing: for tamper tests only.</summary>
    public void Replace(int index, T entry)
    {
        lock (_lock)
        {
            _entries[index] = entry;
        }
    }

    /// <summary>Removes an entry: for tamper tests only.</summary>
    public void RemoveAt(int index)
    {
        lock (_lock)
        {
            _entries.RemoveAt(index);
        }
    }
}
