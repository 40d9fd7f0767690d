using Microsoft.Extensions.Compliance.Redaction;

namespace HrPlus.Privacy.Classification;

/// <summary>Writes nothing: for values no log reader needs in any form.</summary>
internal sealed class ErasingRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => 0;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination) => 0;
}
