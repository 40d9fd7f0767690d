using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy.Encryption;

internal sealed partial class FileSystemFieldKeyStore
{
    private const string SubjectIndexPrefix = "subject-";
    private readonly Lock _legacyGate = new();

    // Subject keys written before the subject index existed, by subject: read once per store instance, at the first lookup.
    private Dictionary<string, List<uint>>? _legacySubjects;

    public ValueTask<FieldKeyRecord?> GetAsync(uint id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_files.DirectoryExists(_directory.FullName) ? Read(PathOf(id)) : null);

    public async ValueTask<IReadOnlyList<FieldKeyRecord>> GetLiveAsync(FieldKeyPurpose purpose, string? subjectId, CancellationToken cancellationToken)
    {
        if (subjectId is not null)
        {
            return _files.DirectoryExists(_directory.FullName) ? LiveOfSubject(purpose, subjectId) : [];
        }

        var records = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. records.Where(r => r.Purpose == purpose && r.State == FieldKeyState.Active && r.SubjectId is null)];
    }

    /// <summary>
    /// Adds the key under the folder's lock when its slot is free. A subject's key also gets an index file
    /// (<c>subject-</c> plus a hash of the subject id, holding the key id), written before the key file, so a lookup by subject
    /// reads two files, not the folder; a crash between the two leaves an index that names no key, which counts as free.
    /// </summary>
    public async ValueTask<FieldKeyRecord?> TryAddIfSlotFreeAsync(FieldKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var content = Serialize(key);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var live = key.SubjectId is { } subject
            ? LiveOfSubject(key.Purpose, subject)
            : (await GetAllAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.SubjectId is null);
        if (FieldKeySlot.Holder(live, key) is { } holder)
        {
            return holder;
        }

        if (key.SubjectId is not null)
        {
            WriteReplacing(SubjectIndexPath(key.SubjectId), Encoding.ASCII.GetBytes(FieldDecryptionException.FormatKeyId(key.Id)), key.Id);
        }

        var temporary = NewTemporaryPath();
        try
        {
            _files.WriteNewFile(temporary, content);
            if (!_files.TryLinkNoReplace(temporary, PathOf(key.Id)))
            {
                return null;
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

        _files.FlushDirectory(_directory.FullName);
        return key;
    }

    private List<FieldKeyRecord> LiveOfSubject(FieldKeyPurpose purpose, string subjectId)
    {
        var ids = new HashSet<uint>();
        if (_files.ReadFile(SubjectIndexPath(subjectId), 64) is { } index
            && uint.TryParse(Encoding.ASCII.GetString(index), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var indexed))
        {
            ids.Add(indexed);
        }

        if (LegacySubjects().TryGetValue(subjectId, out var legacy))
        {
            ids.UnionWith(legacy);
        }

        var live = new List<FieldKeyRecord>();
        foreach (var id in ids)
        {
            if (Read(PathOf(id)) is { } record && record.Purpose == purpose && record.State == FieldKeyState.Active
                && string.Equals(record.SubjectId, subjectId, StringComparison.Ordinal))
            {
                live.Add(record);
            }
        }

        return live;
    }

    private Dictionary<string, List<uint>> LegacySubjects()
    {
        lock (_legacyGate)
        {
            if (_legacySubjects is { } known)
            {
                return known;
            }

            var bySubject = new Dictionary<string, List<uint>>(StringComparer.Ordinal);
            foreach (var path in _files.ListFiles(_directory.FullName, FilePattern))
            {
                if (Read(path) is { SubjectId: { } subject, State: not FieldKeyState.Destroyed } record)
                {
                    if (!bySubject.TryGetValue(subject, out var ids))
                    {
                        bySubject[subject] = ids = [];
                    }

                    ids.Add(record.Id);
                }
            }

            return _legacySubjects = bySubject;
        }
    }

    private string SubjectIndexPath(string subjectId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(subjectId), hash);
        return Path.Combine(_directory.FullName, SubjectIndexPrefix + Convert.ToHexStringLower(hash[..16]) + ".id");
    }

    private void WriteReplacing(string path, byte[] content, uint id)
    {
        var temporary = NewTemporaryPath();
        try
        {
            _files.WriteNewFile(temporary, content);
            _files.Replace(temporary, path);
        }
        catch (IOException ex)
        {
            DeleteQuietly(temporary);
            throw WriteFailed(id, ex);
        }
    }
}
