using HrPlus.Privacy.Pseudonymization;
using Microsoft.Extensions.Compliance.Redaction;

namespace HrPlus.Privacy.Classification;

/// <summary>
/// Replaces a value with its keyed pseudonym in the <see cref="Domain"/> domain, so log lines about one person
/// can be correlated without naming them. Empty input stays empty.
/// </summary>
internal sealed class PseudonymizingRedactor(IPseudonymizer pseudonymizer) : Redactor
{
    /// <summary>The pseudonym domain of logs; pseudonyms here cannot be joined with those of other domains.</summary>
    public const string Domain = "log";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => input.IsEmpty ? 0 : Pseudonym.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        if (source.Length == Pseudonym.Length && Pseudonym.TryGetKeyId(source, out _) && source.Length <= destination.Length)
        {
            // Already a pseudonym (a log pipeline may redact its own output): keep it, so one IIN keeps one pseudonym.
            source.CopyTo(destination);
            return source.Length;
        }

        return pseudonymizer.TryPseudonymize(source, Domain, destination, out var written)
            ? written
            : throw new ArgumentException($"The destination must hold {Pseudonym.Length} characters.", nameof(destination));
    }
}
