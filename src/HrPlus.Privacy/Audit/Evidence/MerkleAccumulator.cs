namespace HrPlus.Privacy.Audit;

/// <summary>
/// Computes Merkle tree roots of a log read once, in order, in memory of O(log n): a stack of the roots of the perfect
/// subtrees the leaves so far make. Folding the stack from the right gives the RFC 9162 root of any prefix read so far.
/// </summary>
internal sealed class MerkleAccumulator
{
    private readonly List<byte[]> _stack = [];

    /// <summary>Gets how many leaves were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the next leaf hash (copied).</summary>
    public void Add(ReadOnlySpan<byte> leafHash)
    {
        var node = leafHash.ToArray();
        Count++;
        // Each trailing zero bit of the new count closes one perfect subtree: merge it with its left neighbour.
        for (var size = Count; (size & 1) == 0; size >>= 1)
        {
            var left = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            MerkleTree.HashChildren(left, node, node);
        }

        _stack.Add(node);
    }

    /// <summary>Gets the root of the tree over every leaf added so far (the empty root before the first).</summary>
    public byte[] Root()
    {
        if (_stack.Count == 0)
        {
            return MerkleTree.EmptyRoot();
        }

        var root = _stack[^1].ToArray();
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            MerkleTree.HashChildren(_stack[i], root, root);
        }

        return root;
    }
}
