using System.Globalization;

namespace HrPlus.Privacy.Pseudonymization;

/// <summary>The text format of pseudonyms made by <see cref="IPseudonymizer"/>.</summary>
public static class Pseudonym
{
    /// <summary>The prefix of every pseudonym.</summary>
    public const string Prefix = "ps1.";

    /// <summary>The length of a pseudonym: prefix, 8 hex digits of key id, a dot and 22 base64url characters.</summary>
    public const int Length = 35;

    internal const int HashBytes = 16;

    /// <summary>Reads the id of the key that made a pseudonym.</summary>
    /// <returns><see langword="false"/> when <paramref name="pseudonym"/> is not in the <c>ps1.</c> format.</returns>
    public static bool TryGetKeyId(ReadOnlySpan<char> pseudonym, out uint keyId)
    {
        keyId = 0;
        return pseudonym.Length == Length
            && pseudonym.StartsWith(Prefix, StringComparison.Ordinal)
            && pseudonym[12] == '.'
            && uint.TryParse(pseudonym.Slice(4, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keyId);
    }
}
