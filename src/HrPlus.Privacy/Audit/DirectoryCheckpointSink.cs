using System.Text;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Appends checkpoints as lines to files in a folder (<see cref="AuditOptions.CheckpointDirectory"/>): signed tree heads
/// to <c>consent-ledger.sth</c> and <c>audit-trail.sth</c>, the obsolete HMAC checkpoints to <c>*.checkpoints</c>. Each
/// line is flushed to disk before the write returns; a line cut off by a crash is skipped when read.
/// </summary>
internal sealed class DirectoryCheckpointSink(DirectoryInfo directory) : IChainCheckpointSink, ISignedTreeHeadSink
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public DirectoryInfo Directory => directory;

    public ValueTask WriteAsync(ChainCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return AppendLineAsync(PathOf(checkpoint.Log), checkpoint.ToString(), cancellationToken);
    }

    public ValueTask WriteAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        return AppendLineAsync(TreeHeadPathOf(head.Log), head.ToString(), cancellationToken);
    }

    public async ValueTask<SignedTreeHead?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken) =>
        (await ReadTreeHeadsAsync(log, cancellationToken).ConfigureAwait(false)).LastOrDefault();

    async ValueTask<ChainCheckpoint?> IChainCheckpointSink.ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken) =>
        await ReadLatestCheckpointAsync(log, cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<SignedTreeHead> ReadAllAsync(HashChainedLog log, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var head in await ReadTreeHeadsAsync(log, cancellationToken).ConfigureAwait(false))
        {
            yield return head;
        }
    }

    /// <summary>The path of a log's signed tree heads: <c>consent-ledger.sth</c> or <c>audit-trail.sth</c>.</summary>
    public string TreeHeadPathOf(HashChainedLog log) => Path.Combine(directory.FullName, ChainCheckpoint.NameOf(log) + ".sth");

    private async Task<List<SignedTreeHead>> ReadTreeHeadsAsync(HashChainedLog log, CancellationToken cancellationToken)
    {
        var path = TreeHeadPathOf(log);
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = await File.ReadAllLinesAsync(path, Encoding.ASCII, cancellationToken).ConfigureAwait(false);
        return [.. lines.Select(l => SignedTreeHead.TryParse(l, out var head) && head.Log == log ? head : null).OfType<SignedTreeHead>()];
    }

    private async ValueTask AppendLineAsync(string path, string text, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            directory.Create();
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            await using (stream.ConfigureAwait(false))
            {
                // A line cut off by a crash is ended first, so the new line stays a line of its own.
                var cutOff = false;
                if (stream.Length > 0)
                {
                    stream.Seek(-1, SeekOrigin.End);
                    cutOff = stream.ReadByte() != '\n';
                }

                stream.Seek(0, SeekOrigin.End);
                var line = Encoding.ASCII.GetBytes((cutOff ? "\n" : string.Empty) + text + "\n");
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async ValueTask<ChainCheckpoint?> ReadLatestCheckpointAsync(HashChainedLog log, CancellationToken cancellationToken)
    {
        var path = PathOf(log);
        if (!File.Exists(path))
        {
            return null;
        }

        // The last complete line: a write cut off by a crash leaves a partial line, which is skipped.
        var lines = await File.ReadAllLinesAsync(path, Encoding.ASCII, cancellationToken).ConfigureAwait(false);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            try
            {
                var checkpoint = ChainCheckpoint.Parse(lines[i]);
                if (checkpoint.Log == log)
                {
                    return checkpoint;
                }
            }
            catch (FormatException)
            {
                // Not a checkpoint line: look further back.
            }
        }

        return null;
    }

    private string PathOf(HashChainedLog log) => Path.Combine(directory.FullName, ChainCheckpoint.NameOf(log) + ".checkpoints");
}
