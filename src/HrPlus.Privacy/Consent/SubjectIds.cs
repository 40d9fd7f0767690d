using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Consent;

/// <summary>Checks the opaque ids that stand for people in the ledger, the audit trail, erasures and ciphertexts.</summary>
internal static class SubjectIds
{
    public const int MaxLength = 128;

    public static void Validate(string? id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, parameterName);
        if (id.Length > MaxLength)
        {
            throw new ArgumentException($"An id is at most {MaxLength} characters.", parameterName);
        }

        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("An id cannot contain control characters.", parameterName);
            }
        }

        ThrowIfHoldsIin(id, parameterName);
    }

    /// <summary>
    /// Refuses an id that holds an IIN: the ledger is kept for years and exported as receipts, the key store names each
    /// subject key's subject, so people are named by opaque ids only.
    /// </summary>
    public static void ThrowIfHoldsIin(string id, string parameterName)
    {
        if (HoldsIin(id))
        {
            throw new ArgumentException("The id contains an IIN; use the host's opaque id for the person (the ledger never stores raw IINs).", parameterName);
        }
    }

    /// <summary>
    /// Whether <paramref name="id"/> holds an IIN: not only an exact one, "900101-300017" or "IIN900101300017" hold one just
    /// the same. A canonical GUID (<c>D</c> format) never does, even when its digit groups happen to read as an IIN (about
    /// one random GUID in 10^5): it is an opaque id by construction, and refusing it would make that subject unusable.
    /// </summary>
    public static bool HoldsIin(ReadOnlySpan<char> id) =>
        !(id.Length == 36 && Guid.TryParseExact(id, "D", out _)) && PersonalDataFinder.ContainsIin(id);

    /// <summary>
    /// Whether two different ids differ only in letter case, surrounding spaces or GUID format: ids are compared exactly
    /// everywhere, so such a pair names two subjects, and one of them is usually a mistyped form of the other.
    /// </summary>
    public static bool IsSimilar(string held, string asked) =>
        !string.Equals(held, asked, StringComparison.Ordinal)
        && (string.Equals(held.Trim(), asked.Trim(), StringComparison.OrdinalIgnoreCase)
            || (Guid.TryParse(held, out var a) && Guid.TryParse(asked, out var b) && a == b));
}
