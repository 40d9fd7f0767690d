namespace HrPlus.Privacy.Audit;

/// <summary>
/// Where checkpoints go: somewhere the database administrator cannot rewrite along with the database (a folder on
/// another volume by default; a write-once bucket, a ticket system). Register your own to replace the folder.
/// </summary>
public interface IChainCheckpointSink
{
    /// <summary>Keeps <paramref name="checkpoint"/> (after the ones before it).</summary>
    ValueTask WriteAsync(ChainCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Reads the newest checkpoint of <paramref name="log"/>, or null when none was written.</summary>
    ValueTask<ChainCheckpoint?> ReadLatestAsync(HashChainedLog log, CancellationToken cancellationToken);
}
