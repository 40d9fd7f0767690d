namespace HrPlus.Privacy.Depersonalization;

/// <summary>Who runs a depersonalization, why, and where its output goes: the audit entry and, for a recipient, the disclosure-log entry.</summary>
public sealed class ReleaseContext
{
    /// <summary>Gets who runs it (an opaque user id or a service name); 1 to 128 characters, not an IIN.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets the purpose code or legal basis, e.g. <c>monitoring-report</c>; at most 64 characters.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets a short name of the report for the audit trail, e.g. <c>class-report-7B</c>; at most 200 characters. Default <c>report</c>.</summary>
    public string ReportName { get; init; } = "report";

    /// <summary>
    /// Gets the state body the output goes to (policy clause 5.2), or null when it stays with the operator. When set, the
    /// run is also recorded in the disclosure log, naming the subjects whose rows were released.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>Gets the legal basis of the transfer to <see cref="Recipient"/>: the law, article and request; required with a recipient.</summary>
    public string? LegalBasis { get; init; }

    /// <summary>Gets the data categories transferred, as codes; default <c>depersonalized-report</c>.</summary>
    public IReadOnlyList<string>? DataCategories { get; init; }
}
