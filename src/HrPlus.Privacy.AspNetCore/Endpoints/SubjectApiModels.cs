using System.Text.Json;
using System.Text.Json.Serialization;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The body of <c>POST me/block-request</c>.</summary>
internal sealed class BlockRequestBody
{
    public string? Reason { get; set; }
}

/// <summary>The body of the operator's <c>POST subjects/{subjectId}/block</c>.</summary>
internal sealed class OperatorBlockBody
{
    public string? Reason { get; set; }

    /// <summary>subject, legalRepresentative, authorizedBody or operator.</summary>
    public string? Requester { get; set; }
}

/// <summary>The body of <c>POST subjects/{subjectId}/erase</c>.</summary>
internal sealed class EraseBody
{
    public string? Reason { get; set; }
}

/// <summary>The body of <c>POST disclosures</c>.</summary>
internal sealed class DisclosureBody
{
    public string? Recipient { get; set; }

    public string? LegalBasis { get; set; }

    public List<string>? DataCategories { get; set; }

    public List<string>? Subjects { get; set; }

    public DateTimeOffset? DisclosedAt { get; set; }
}

/// <summary>The body of <c>POST breaches</c>.</summary>
internal sealed class BreachBody
{
    public DateTimeOffset? DiscoveredAt { get; set; }

    public string? Description { get; set; }

    public List<string>? DataCategories { get; set; }

    public List<string>? AffectedSubjects { get; set; }
}

/// <summary>The body of <c>POST breaches/{id}/authority-notification</c>.</summary>
internal sealed class AuthorityNotificationBody
{
    public string? Reference { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BlockRequestBody))]
[JsonSerializable(typeof(OperatorBlockBody))]
[JsonSerializable(typeof(EraseBody))]
[JsonSerializable(typeof(DisclosureBody))]
[JsonSerializable(typeof(BreachBody))]
[JsonSerializable(typeof(AuthorityNotificationBody))]
internal sealed partial class SubjectJsonContext : JsonSerializerContext;
