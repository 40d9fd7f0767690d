using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Keeps each key as a JSON file <c>key-xxxxxxxx.json</c> in one folder. Adds use create-new semantics, so
/// two processes cannot take the same id; updates replace the file atomically.
/// </summary>
internal sealed class FileSystemFieldKeyStore : IFieldKeyStore
{
    private const string FilePattern = "key-*.json";

    private readonly DirectoryInfo _directory;

    public FileSystemFieldKeyStore(DirectoryInfo directory)
    {
        _directory = directory;
    }

    public DirectoryInfo Directory => _directory;

    public ValueTask<IReadOnlyList<FieldKeyRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        _directory.Refresh();
        if (!_directory.Exists)
        {
            return ValueTask.FromResult<IReadOnlyList<FieldKeyRecord>>([]);
        }

        var keys = new List<FieldKeyRecord>();
        foreach (var file in _directory.EnumerateFiles(FilePattern))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = File.ReadAllBytes(file.FullName);
            var record = JsonSerializer.Deserialize(bytes, FieldKeyStoreJsonContext.Default.FieldKeyRecord)
                ?? throw new InvalidDataException($"The key file {file.Name} is empty.");
            keys.Add(record);
        }

        return ValueTask.FromResult<IReadOnlyList<FieldKeyRecord>>(keys);
    }

    public ValueTask<bool> TryAddAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _directory.Create();
        var path = PathOf(key.Id);
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            JsonSerializer.Serialize(stream, key, FieldKeyStoreJsonContext.Default.FieldKeyRecord);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return ValueTask.FromResult(false);
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask UpdateAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = PathOf(key.Id);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"There is no key {FieldDecryptionException.FormatKeyId(key.Id)} to update.");
        }

        var temporary = Path.Combine(_directory.FullName, $".{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, key, FieldKeyStoreJsonContext.Default.FieldKeyRecord);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return ValueTask.CompletedTask;
    }

    private string PathOf(uint id) =>
        Path.Combine(_directory.FullName, "key-" + id.ToString("x8", CultureInfo.InvariantCulture) + ".json");
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FieldKeyRecord))]
internal sealed partial class FieldKeyStoreJsonContext : JsonSerializerContext;
