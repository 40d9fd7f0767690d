using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Consent;

/// <summary>Checks the opaque ids that stand for people in the ledger.</summary>
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

        // Not only an exact IIN: "900101-300017" or "IIN900101300017" hold one just the same.
        if (PersonalDataFinder.ContainsIin(id))
        {
            // The ledger is kept for years and exported as receipts: it names people by opaque ids only.
            throw new ArgumentException("The id contains an IIN; use the host's opaque id for the person (the ledger never stores raw IINs).", parameterName);
        }
    }
}
