using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HrPlus.Privacy;

/// <summary>
/// The canonical encoding hash-chained logs hash: 8-byte big-endian integers; strings as an 8-byte byte count
/// (-1 for null) and their UTF-8; instants as UTC ticks (-1 for null).
/// </summary>
internal static class ChainHashing
{
    public static void Int64(ChainHashBuilder hash, long value) => hash.Int64(value);

    public static void Time(ChainHashBuilder hash, DateTimeOffset? value) => hash.Int64(value is { } v ? v.UtcTicks : -1);

    public static void Text(ChainHashBuilder hash, string? value) => hash.Text(value);

    /// <summary>Compares two ASCII strings (hashes) in time independent of where they differ.</summary>
    public static bool FixedTimeEquals(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        const int StackLimit = 256;
        Span<byte> left = a.Length <= StackLimit ? stackalloc byte[StackLimit] : new byte[a.Length];
        Span<byte> right = b.Length <= StackLimit ? stackalloc byte[StackLimit] : new byte[b.Length];
        var l = Encoding.ASCII.GetBytes(a, left);
        var r = Encoding.ASCII.GetBytes(b, right);
        return CryptographicOperations.FixedTimeEquals(left[..l], right[..r]);
    }
}

/// <summary>
/// Collects an entry's canonical encoding in one reused buffer and hashes it with one SHA-256 call: an incremental hash
/// per entry (a native context each, a call per field) made verifying a million entries several times slower.
/// </summary>
internal sealed class ChainHashBuilder : IDisposable
{
    [ThreadStatic]
    private static ChainHashBuilder? t_cached;

    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>Gets this thread's builder, emptied (return it with <see cref="Dispose"/>).</summary>
    public static ChainHashBuilder Rent()
    {
        var builder = t_cached ?? new ChainHashBuilder();
        t_cached = null;
        builder._length = 0;
        return builder;
    }

    public void AppendData(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    public void Int64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Int64(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        Int64(count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>The SHA-256 of everything appended, lower-case hex.</summary>
    public string HashHex()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), hash);
        return Convert.ToHexStringLower(hash);
    }

    public void Dispose()
    {
        // Entries hold ids, never personal values; cleared anyway so no entry outlives its hashing in the buffer.
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
        if (_buffer.Length <= 64 * 1024)
        {
            t_cached = this;
        }
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
