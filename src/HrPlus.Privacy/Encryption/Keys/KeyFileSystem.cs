using System.Runtime.InteropServices;

namespace HrPlus.Privacy.Encryption;

/// <summary>The real file system under <see cref="FileSystemFieldKeyStore"/>.</summary>
/// <remarks>
/// .NET has no call for the two steps crash safety needs on Unix, so they are made directly: <c>link(2)</c>, because
/// <see cref="File.Move(string, string, bool)"/> without overwrite checks for the destination and then renames over it
/// (a window in which another writer's file is replaced), and <c>fsync(2)</c> of the folder, because .NET refuses to
/// open a folder as a file. On Windows a move without <c>MOVEFILE_REPLACE_EXISTING</c> never replaces, and NTFS journals
/// folder entries itself.
/// </remarks>
internal sealed partial class KeyFileSystem : IKeyFileSystem
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const int EEXIST = 17;
    private const int ENOSYS = 38;

    public static readonly KeyFileSystem Instance = new();

    private KeyFileSystem()
    {
    }

    public void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
        }
    }

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public IReadOnlyList<string> ListFiles(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, pattern, SearchOption.TopDirectoryOnly) : [];

    public byte[]? ReadFile(string path, int maxLength)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > maxLength)
            {
                return null;
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public DateTimeOffset? LastWriteTime(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) : null;
    }

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    public bool TryLinkNoReplace(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(source, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination))
            {
                return false;
            }
        }

        int errno;
        try
        {
            if (Native.Link(source, destination) == 0)
            {
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            errno = ENOSYS;
        }

        if (errno == EEXIST)
        {
            return false;
        }

        if (IsLinkUnsupported(errno))
        {
            // A file system without hard links (FAT, some network and FUSE mounts), or no libc to call: fall back to a
            // move. Every writer of the store holds the folder's lock, so no other store writes the destination between
            // the check and the move.
            if (File.Exists(destination))
            {
                return false;
            }

            File.Move(source, destination, overwrite: false);
            return true;
        }

        throw Native.Failure("link", errno, destination);
    }

    public void Replace(string source, string destination) => File.Move(source, destination, overwrite: true);

    public void Delete(string path) => File.Delete(path);

    public void FlushDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor;
        try
        {
            descriptor = Native.Open(path, 0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc under that name (a libc other than glibc's or macOS's): the folder entry is flushed by the file
            // system's next journal commit instead.
            return;
        }

        if (descriptor < 0)
        {
            throw Native.Failure("open", Marshal.GetLastPInvokeError(), path);
        }

        try
        {
            if (Native.FSync(descriptor) != 0)
            {
                throw Native.Failure("fsync", Marshal.GetLastPInvokeError(), path);
            }
        }
        finally
        {
            _ = Native.Close(descriptor);
        }
    }

    public IDisposable? TryLock(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Held by another process, or by another handle in this one.
            return null;
        }
    }

    // EXDEV, EPERM, EOPNOTSUPP (95 on Linux, 45 on macOS), EMLINK, ENOSYS: the cases in which .NET itself falls back from link().
    private static bool IsLinkUnsupported(int errno) =>
        errno is 18 or 1 or 31 or ENOSYS || errno == (OperatingSystem.IsMacOS() ? 45 : 95);
}
