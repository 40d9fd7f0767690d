using System.Text.Json.Serialization;

namespace HrPlus.Privacy.Encryption;

internal sealed partial class FileSystemFieldKeyStore
{
    /// <summary>
    /// Takes the folder's lock: first this instance's own gate, then the lock file, which other processes (and other store
    /// instances in this one) take too. Creates the folder on first use.
    /// </summary>
    private async ValueTask<Held> LockAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _files.CreateDirectory(_directory.FullName);
            var lockPath = Path.Combine(_directory.FullName, LockFileName);
            var started = _clock.GetTimestamp();
            var delay = TimeSpan.FromMilliseconds(2);
            while (true)
            {
                if (_files.TryLock(lockPath) is { } fileLock)
                {
                    return new Held(_writer, fileLock);
                }

                if (_clock.GetElapsedTime(started) > LockTimeout)
                {
                    // The lock is an flock, released by the kernel when its holder dies: a running writer holds it.
                    throw new IOException(
                        $"The field key folder '{_directory.FullName}' stayed locked by another writer for {LockTimeout.TotalSeconds:0} s; " +
                        "a process of the app that shares the folder hangs in a write (a stalled disk or network mount?).");
                }

                await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
            }
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>
    /// Removes temporary files that crashed writers left behind, once per store instance, when no other writer holds the
    /// lock. Only files older than <see cref="LeftoverAge"/> go: a younger one may belong to a writer of an older release,
    /// which wrote without the lock.
    /// </summary>
    private async ValueTask RemoveLeftoversAsync()
    {
        // Reading a folder never writes to it (no lock file) unless there is something to remove.
        var now = _clock.GetUtcNow();
        var leftovers = _files.ListFiles(_directory.FullName, TemporaryPattern)
            .Where(path => _files.LastWriteTime(path) is { } written && now - written > LeftoverAge)
            .ToList();
        if (leftovers.Count == 0 || !await _writer.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            using var fileLock = _files.TryLock(Path.Combine(_directory.FullName, LockFileName));
            if (fileLock is null)
            {
                return;
            }

            foreach (var path in leftovers)
            {
                DeleteQuietly(path);
            }

            Log.KeyFileLeftoversRemoved(_logger, leftovers.Count);
        }
        catch (IOException)
        {
            // A read-only or full folder: leftovers stay until a later start, and they never block one.
        }
        catch (UnauthorizedAccessException)
        {
        }
        finally
        {
            _writer.Release();
        }
    }

    private sealed class Held(SemaphoreSlim gate, IDisposable fileLock) : IDisposable
    {
        public void Dispose()
        {
            fileLock.Dispose();
            gate.Release();
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FieldKeyRecord))]
internal sealed partial class FieldKeyStoreJsonContext : JsonSerializerContext;
