using System.Buffers;
using System.Text.Json;
using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Audit;

/// <summary>Reads a <see cref="LogExport"/> file line by line, never holding more than one line (at most 1 MiB) at a time.</summary>
internal sealed class LogExportReader(Stream source)
{
    private static readonly byte[] EndPrefix = "{\"end\":"u8.ToArray();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start;
    private int _end;
    private bool _eof;

    public long LineNumber { get; private set; }

    public async ValueTask<HashChainedLog> ReadHeaderAsync(HashChainedLog? expected, CancellationToken cancellationToken)
    {
        if (!await ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new LogExportException(LogExportError.NotAnExport, 1);
        }

        string? format;
        string? name;
        try
        {
            using var header = JsonDocument.Parse(_line.WrittenMemory, new JsonDocumentOptions { MaxDepth = 2 });
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 2
                || !root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("log", out var l) || l.ValueKind != JsonValueKind.String)
            {
                throw new LogExportException(LogExportError.NotAnExport, LineNumber);
            }

            format = f.GetString();
            name = l.GetString();
        }
        catch (JsonException ex)
        {
            throw new LogExportException(LogExportError.NotAnExport, LineNumber, ex);
        }

        if (format != LogExport.FormatVersion)
        {
            throw new LogExportException(
                format is not null && format.StartsWith("hrplus-log-export/", StringComparison.Ordinal) ? LogExportError.UnsupportedVersion : LogExportError.NotAnExport, LineNumber);
        }

        HashChainedLog? log = name switch
        {
            "consent-ledger" => HashChainedLog.ConsentLedger,
            "audit-trail" => HashChainedLog.AuditTrail,
            _ => null,
        };
        if (log is null || (expected is { } wanted && wanted != log))
        {
            throw new LogExportException(LogExportError.WrongLog, LineNumber);
        }

        return log.Value;
    }

    public async IAsyncEnumerable<T> ReadEntriesAsync<T>([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        long count = 0;
        while (true)
        {
            if (!await ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new LogExportException(LogExportError.MissingEnd, LineNumber + 1);
            }

            if (_line.WrittenSpan.StartsWith(EndPrefix))
            {
                ReadEnd(count);
                if (await ReadLineAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new LogExportException(LogExportError.DataAfterEnd, LineNumber);
                }

                yield break;
            }

            yield return ParseEntry<T>();
            count++;
        }
    }

    private T ParseEntry<T>()
        where T : class
    {
        T? entry;
        try
        {
            entry = JsonSerializer.Deserialize<T>(_line.WrittenSpan, LogExport.EntryOptions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or ArgumentException or FormatException)
        {
            throw new LogExportException(LogExportError.MalformedEntry, LineNumber, ex);
        }

        var valid = entry switch
        {
            AuditEntry a => IsHash(a.Hash) && IsHash(a.PreviousHash) && Enum.IsDefined(a.Operation),
            ConsentEvent c => IsHash(c.Hash) && IsHash(c.PreviousHash) && Enum.IsDefined(c.Kind) && Enum.IsDefined(c.GivenBy)
                && Enum.IsDefined(c.Relationship) && Enum.IsDefined(c.Channel) && c.DataCategories is not null && c.DataCategories.All(d => d is not null),
            _ => false,
        };
        return valid ? entry! : throw new LogExportException(LogExportError.MalformedEntry, LineNumber);
    }

    private void ReadEnd(long count)
    {
        try
        {
            using var end = JsonDocument.Parse(_line.WrittenMemory, new JsonDocumentOptions { MaxDepth = 2 });
            var root = end.RootElement;
            if (root.EnumerateObject().Count() != 2
                || root.GetProperty("end").GetString() != LogExport.FormatVersion
                || !root.GetProperty("entries").TryGetInt64(out var declared))
            {
                throw new LogExportException(LogExportError.MalformedEntry, LineNumber);
            }

            if (declared != count)
            {
                throw new LogExportException(LogExportError.CountMismatch, LineNumber);
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LogExportException(LogExportError.MalformedEntry, LineNumber, ex);
        }
    }

    private static bool IsHash(string? value) => value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Reads the next line (without its <c>\n</c>) into <see cref="_line"/>; false at the end of the file.</summary>
    private async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    if (any)
                    {
                        LineNumber++;
                    }

                    return any;
                }

                _start = 0;
                _end = await source.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    _eof = true;
                    continue;
                }
            }

            any = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available : available[..newline];
            if (_line.WrittenCount + take.Length > LogExport.MaxLineBytes)
            {
                throw new LogExportException(LogExportError.LineTooLong, LineNumber + 1);
            }

            _line.Write(take);
            if (newline >= 0)
            {
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            _start = _end;
        }
    }
}
