using System.Buffers;
using System.Collections.Concurrent;
using HrPlus.Privacy.AspNetCore.Capture;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HrPlus.Privacy.AspNetCore.Cookies;

/// <summary>
/// Reads the request's <c>Cookie</c> header without building <see cref="HttpRequest.Cookies"/>: the capture needs the
/// names only and the gate one value, so the values of every other cookie are never turned into strings.
/// </summary>
/// <remarks>
/// Pairs are separated by <c>;</c> (RFC 6265 section 5.4). A piece without <c>=</c> is a value without a name (what a
/// browser sends for a cookie set with an empty name), so it is never reported as a name.
/// </remarks>
internal static class CookieHeader
{
    private const int MaxKnownNames = 1_000;
    private static readonly ConcurrentDictionary<string, string> KnownNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownNamesBySpan =
        KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the (unquoted, percent-decoded) value of the first cookie called <paramref name="name"/>, or null.</summary>
    public static string? FindValue(StringValues headers, string name)
    {
        foreach (var header in headers)
        {
            var rest = (header ?? string.Empty).AsSpan();
            while (Next(ref rest, out var pairName, out var value))
            {
                if (pairName.SequenceEqual(name))
                {
                    if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    {
                        value = value[1..^1];
                    }

                    return value.Contains('%') ? Uri.UnescapeDataString(value.ToString()) : value.ToString();
                }
            }
        }

        return null;
    }

    /// <summary>Gets the distinct cookie names, control characters escaped, each cut to <paramref name="maxNameLength"/>, at most <paramref name="max"/> of them, sorted.</summary>
    public static string[] Names(StringValues headers, int max, int maxNameLength)
    {
        if (max <= 0 || headers.Count == 0)
        {
            return [];
        }

        var buffer = ArrayPool<string>.Shared.Rent(Math.Min(max, 64));
        var count = 0;
        try
        {
            foreach (var header in headers)
            {
                var rest = (header ?? string.Empty).AsSpan();
                while (count < max && Next(ref rest, out var pairName, out _))
                {
                    if (pairName.IsEmpty || NameOf(pairName, maxNameLength) is not { Length: > 0 } name || buffer.AsSpan(0, count).Contains(name))
                    {
                        continue;
                    }

                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<string>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<string>.Shared.Return(buffer, clearArray: true);
                        buffer = larger;
                    }

                    buffer[count++] = name;
                }
            }

            if (count == 0)
            {
                return [];
            }

            var names = buffer.AsSpan(0, count).ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        finally
        {
            ArrayPool<string>.Shared.Return(buffer, clearArray: true);
        }
    }

    // Cookie names repeat from request to request: clean ones are kept (at most MaxKnownNames) and shared, so a
    // request's names cost no new strings.
    private static string? NameOf(ReadOnlySpan<char> name, int maxNameLength)
    {
        if (KnownNamesBySpan.TryGetValue(name, out var shared))
        {
            return shared.Length <= maxNameLength ? shared : SafeText.EscapeAndTruncate(shared, maxNameLength);
        }

        var text = name.ToString();
        if (PersonalDataScrubber.Contains(text))
        {
            // A name that holds an IIN, an e-mail address or a phone number is kept as its masks only.
            return SafeText.EscapeAndTruncate(PersonalDataMasking.Text(text), maxNameLength);
        }

        var safe = SafeText.EscapeAndTruncate(text, maxNameLength);
        if ((object?)safe == text && KnownNames.Count < MaxKnownNames)
        {
            KnownNames.TryAdd(text, text);
        }

        return safe;
    }

    // Takes the next "name=value" pair off the front of rest; pieces without '=' are skipped.
    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(';');
            var piece = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = piece.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            name = piece[..equals].Trim(' ');
            value = piece[(equals + 1)..].Trim(' ');
            return true;
        }

        name = default;
        value = default;
        return false;
    }
}
