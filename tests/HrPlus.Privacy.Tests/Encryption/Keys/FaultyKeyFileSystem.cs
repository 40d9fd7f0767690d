using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>The process "dies" at a placement: the operation and every later one never happen.</summary>
internal sealed class SimulatedKillException() : Exception("Simulated kill.");

/// <summary>
/// The real file system with faults put in between: a kill just before the n-th placement (each mutating call, and the
/// points inside a file write where a kill leaves an empty or a half-written file), or a full disk.
/// </summary>
/// <remarks>
/// A kill ends the "process": the locks it held are released (as the kernel does) and every later call throws, so no
/// clean-up code of the dead store runs. Writes the kernel accepted stay (a process kill does not lose the page cache).
/// </remarks>
internal sealed class FaultyKeyFileSystem(int killAt = int.MaxValue) : IKeyFileSystem
{
    private readonly IKeyFileSystem _inner = KeyFileSystem.Instance;
    private readonly List<IDisposable> _locks = [];
    private readonly Lock _gate = new();
    private int _placements;
    private bool _dead;

    /// <summary>Gets how many placements were passed (the number of kill points of the run so far).</summary>
    public int Placements => _placements;

    /// <summary>Gets whether the kill happened.</summary>
    public bool Killed => _dead;

    /// <summary>Gets or sets whether writes fail as on a full disk (ENOSPC) after creating the file and writing a part.</summary>
    public bool DiskFull { get; set; }

    /// <summary>Gets the mutating calls made, in order (for checking the order of steps).</summary>
    public List<string> Calls { get; } = [];

    public void CreateDirectory(string path)
    {
        Step("mkdir");
        _inner.CreateDirectory(path);
    }

    public bool DirectoryExists(string path)
    {
        Alive();
        return _inner.DirectoryExists(path);
    }

    public IReadOnlyList<string> ListFiles(string directory, string pattern)
    {
        Alive();
        return _inner.ListFiles(directory, pattern);
    }

    public byte[]? ReadFile(string path, int maxLength)
    {
        Alive();
        return _inner.ReadFile(path, maxLength);
    }

    public DateTimeOffset? LastWriteTime(string path)
    {
        Alive();
        return _inner.LastWriteTime(path);
    }

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        Step("write " + Path.GetFileName(path));
        if (DiskFull)
        {
            // What ENOSPC does to a writer: the file exists (an inode was free), a part of the bytes made it.
            _inner.WriteNewFile(path, content[..(content.Length / 3)]);
            throw new IOException("No space left on device : '" + path + "'", 28);
        }

        if (Placement())
        {
            _inner.WriteNewFile(path, []);
            Kill();
        }

        if (Placement())
        {
            _inner.WriteNewFile(path, content[..(content.Length / 2)]);
            Kill();
        }

        _inner.WriteNewFile(path, content);
    }

    public bool TryLinkNoReplace(string source, string destination)
    {
        Step("link " + Path.GetFileName(destination));
        return _inner.TryLinkNoReplace(source, destination);
    }

    public void Replace(string source, string destination)
    {
        Step("rename " + Path.GetFileName(destination));
        _inner.Replace(source, destination);
    }

    public void Delete(string path)
    {
        Step("unlink " + Path.GetFileName(path));
        _inner.Delete(path);
    }

    public void FlushDirectory(string path)
    {
        Step("fsync folder");
        _inner.FlushDirectory(path);
    }

    public IDisposable? TryLock(string path)
    {
        Step("lock");
        var held = _inner.TryLock(path);
        if (held is not null)
        {
            lock (_gate)
            {
                _locks.Add(held);
            }
        }

        return held;
    }

    private void Step(string call)
    {
        if (Placement())
        {
            Kill();
        }

        lock (_gate)
        {
            Calls.Add(call);
        }
    }

    /// <summary>Counts one placement; true when the kill falls on it.</summary>
    private bool Placement()
    {
        Alive();
        return Interlocked.Increment(ref _placements) == killAt;
    }

    private void Alive()
    {
        if (_dead)
        {
            throw new SimulatedKillException();
        }
    }

    private void Kill()
    {
        _dead = true;
        lock (_gate)
        {
            foreach (var held in _locks)
            {
                held.Dispose();
            }
        }

        throw new SimulatedKillException();
    }
}
