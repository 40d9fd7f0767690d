namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The few file-system calls the file key store makes, each one step a crash can fall between. The store runs on
/// <see cref="KeyFileSystem"/>; tests put a fault-injecting wrapper in between (a kill before the n-th call, a full disk).
/// </summary>
internal interface IKeyFileSystem
{
    /// <summary>Creates <paramref name="path"/> (and missing parents), readable by the owner only on Unix (0700).</summary>
    void CreateDirectory(string path);

    /// <summary>Gets whether the folder exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>Lists the full paths of the files in <paramref name="directory"/> whose names match <paramref name="pattern"/>.</summary>
    IReadOnlyList<string> ListFiles(string directory, string pattern);

    /// <summary>Reads a file of at most <paramref name="maxLength"/> bytes; null when it is missing or longer.</summary>
    byte[]? ReadFile(string path, int maxLength);

    /// <summary>Gets when the file was last written (UTC), or null when it is missing.</summary>
    DateTimeOffset? LastWriteTime(string path);

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist (0600 on Unix), writes <paramref name="content"/> and flushes
    /// it to the disk before returning.
    /// </summary>
    void WriteNewFile(string path, ReadOnlySpan<byte> content);

    /// <summary>
    /// Makes <paramref name="source"/> visible as <paramref name="destination"/> without ever replacing an existing file
    /// (a hard link on Unix). <paramref name="source"/> may remain and is the caller's to delete.
    /// </summary>
    /// <returns>False when <paramref name="destination"/> exists already.</returns>
    bool TryLinkNoReplace(string source, string destination);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> in one atomic step.</summary>
    void Replace(string source, string destination);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    void Delete(string path);

    /// <summary>Flushes the folder's entries (names made, replaced or removed) to the disk (fsync of the folder on Unix).</summary>
    void FlushDirectory(string path);

    /// <summary>
    /// Takes the exclusive lock of the folder: <paramref name="path"/> opened with <see cref="FileShare.None"/>, which .NET
    /// turns into <c>flock(LOCK_EX)</c> on Unix, so it excludes other processes and other handles in this one.
    /// </summary>
    /// <returns>The held lock, or null when another holder has it.</returns>
    IDisposable? TryLock(string path);
}
