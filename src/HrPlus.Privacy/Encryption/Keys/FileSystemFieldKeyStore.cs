using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Keeps each key as a JSON file <c>key-xxxxxxxx.json</c> in one folder (0700, files 0600 on Unix). Every write is a
/// temporary file flushed to the disk, then made visible in one atomic step (a hard link that never replaces an existing
/// key for a new key, a rename for an update), then the folder is flushed: a crash at any point leaves each key file
/// either absent or whole. Writers take the folder's lock file, so read-compare-write updates are atomic across processes.
/// </summary>
internal sealed partial class FileSystemFieldKeyStore : IFieldKeyStore
{
    private const string FilePattern = "key-*.json";
    private const string TemporaryPattern = ".*.tmp";
    private const string LockFileName = ".lock";
    private const int MaxFileLength = 64 * 1024;

    /// <summary>How old a temporary file must be before the store removes it as a leftover of a crashed writer.</summary>
    internal static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(1);

    private readonly DirectoryInfo _directory;
    private readonly IKeyFileSystem _files;
    private readonly ILogger _logger;

    // File times and lock waits are the operating system's clock, not the app's (possibly fake) TimeProvider.
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private int _leftoversRemoved;

    public FileSystemFieldKeyStore(DirectoryInfo directory, ILogger? logger = null)
        : this(directory, KeyFileSystem.Instance, logger)
    {
    }

    internal FileSystemFieldKeyStore(DirectoryInfo directory, IKeyFileSystem files, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
        _files = files;
        _logger = logger ?? NullLogger.Instance;
    }

    public DirectoryInfo Directory => _directory;

    /// <summary>How long a writer waits for the folder's lock before it gives up. Default: 30 seconds.</summary>
    internal TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (!_files.DirectoryExists(_directory.FullName))
        {
            return [];
        }

        if (Interlocked.Exchange(ref _leftoversRemoved, 1) == 0)
        {
            await RemoveLeftoversAsync().ConfigureAwait(false);
        }

        var keys = new List<FieldKeyRecord>();
        foreach (var path in _files.ListFiles(_directory.FullName, FilePattern))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Read(path) is { } record)
            {
                keys.Add(record);
            }
        }

        return keys;
    }

    public async ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var content = Serialize(key);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var temporary = NewTemporaryPath();
        try
        {
            _files.WriteNewFile(temporary, content);
            if (!_files.TryLinkNoReplace(temporary, PathOf(key.Id)))
            {
                return false;
            }
        }
        catch (IOException ex)
        {
            throw WriteFailed(key.Id, ex);
        }
        finally
        {
            DeleteQuietly(temporary);
        }

        // The key file is whole and in place; only its folder entry may still sit in the page cache.
        _files.FlushDirectory(_directory.FullName);
        return true;
    }

    public async ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var stored = Read(PathOf(key.Id))
            ?? throw new InvalidOperationException($"There is no key {FieldDecryptionException.FormatKeyId(key.Id)} to update.");
        if (stored.State == FieldKeyState.Destroyed && key.State != FieldKeyState.Destroyed)
        {
            throw new InvalidOperationException(
                $"The key {FieldDecryptionException.FormatKeyId(key.Id)} is destroyed; a destroyed key is never brought back.");
        }

        Replace(key);
    }

    public async ValueTask<bool> TryUpdateAsync(FieldKeyRecord key, FieldKeyRecord expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(expected);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var stored = Read(PathOf(key.Id));
        if (stored is null || stored.State == FieldKeyState.Destroyed || !FieldKeyRecordVersion.Matches(stored, expected))
        {
            return false;
        }

        Replace(key);
        return true;
    }

    /// <summary>Removes the file of one key (used when a key moves to another folder). Caller does not hold the lock.</summary>
    internal async ValueTask DeleteAsync(uint id, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        _files.Delete(PathOf(id));
        _files.FlushDirectory(_directory.FullName);
    }

    private void Replace(FieldKeyRecord key)
    {
        var content = Serialize(key);
        var temporary = NewTemporaryPath();
        try
        {
            _files.WriteNewFile(temporary, content);
            _files.Replace(temporary, PathOf(key.Id));
            _files.FlushDirectory(_directory.FullName);
        }
        catch (IOException ex)
        {
            DeleteQuietly(temporary);
            throw WriteFailed(key.Id, ex);
        }
    }

    private FieldKeyRecord? Read(string path)
    {
        var name = Path.GetFileName(path);
        if (!TryParseId(name, out var id))
        {
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = _files.ReadFile(path, MaxFileLength);
        }
        catch (IOException ex)
        {
            Log.KeyFileUnreadable(_logger, name, ex);
            return null;
        }

        if (bytes is null)
        {
            // Gone since it was listed (a key moved away), or longer than any key file.
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize(bytes, FieldKeyStoreJsonContext.Default.FieldKeyRecord);
            if (record is not null && record.Id == id)
            {
                // System.Text.Json writes a null byte[] as "" and reads it back as an empty array: a destroyed key has none.
                return record.WrappedKey is { Length: 0 } ? record with { WrappedKey = null } : record;
            }
        }
        catch (JsonException)
        {
            // Falls through to the warning: the exception text may quote the file, and the file holds a wrapped key.
        }

        Log.KeyFileSkipped(_logger, name, bytes.Length);
        return null;
    }

    private static bool TryParseId(string fileName, out uint id)
    {
        id = 0;
        return fileName.Length == "key-".Length + 8 + ".json".Length
            && fileName.StartsWith("key-", StringComparison.Ordinal)
            && fileName.EndsWith(".json", StringComparison.Ordinal)
            && uint.TryParse(fileName.AsSpan(4, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }

    private static byte[] Serialize(FieldKeyRecord key) =>
        JsonSerializer.SerializeToUtf8Bytes(key, FieldKeyStoreJsonContext.Default.FieldKeyRecord);

    private string PathOf(uint id) =>
        Path.Combine(_directory.FullName, "key-" + id.ToString("x8", CultureInfo.InvariantCulture) + ".json");

    private string NewTemporaryPath() => Path.Combine(_directory.FullName, $".{Guid.NewGuid():N}.tmp");

    private void DeleteQuietly(string path)
    {
        try
        {
            _files.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next start's clean-up of leftovers; a temporary file never blocks a start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private IOException WriteFailed(uint id, IOException inner) => new(
        $"The field key store could not write key {FieldDecryptionException.FormatKeyId(id)} in '{_directory.FullName}': " +
        $"{inner.Message} Nothing was saved; check free disk space and permissions of the folder.",
        inner)
    {
        HResult = inner.HResult,
    };
}
