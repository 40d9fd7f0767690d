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
    public static void Int64(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    public static void Time(IncrementalHash hash, DateTimeOffset? value) => Int64(hash, value is { } v ? v.UtcTicks : -1);

    public static void Text(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            Int64(hash, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Int64(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    public static bool FixedTimeEquals(string a, string b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
