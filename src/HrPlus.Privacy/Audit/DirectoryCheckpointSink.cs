using System.Text;

namespace HrPlus.Privacy.Audit;

/// <summary>
/// Appends checkpoints as lines to <c>consent-ledger.checkpoints</c> and <c>audit-trail.checkpoints</c> in a folder
/// (<see cref="AuditOptions.CheckpointDirectory"/>); each line is flushed to disk before the write returns.
/// </summary>
internal sealed class DirectoryCheckpointSink(DirectoryInfo directory) : IChainCheckpointSink
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public DirectoryInfo Directory => directory;

    public async ValueTask WriteAsync(ChainCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            directory.Create();
            var stream = new FileStream(PathOf(checkpoint.Log), FileMode.Append, FileAccess.Write, FileShare.Read);
            await using (stream.ConfigureAwait(false))
            {
                var line = Encoding.ASCII.GetBytes(checkpoint + "\n");
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask<ChainCheckpoint?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken)
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
