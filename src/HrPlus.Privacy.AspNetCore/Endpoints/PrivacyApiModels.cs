using System.Text.Json;
using System.Text.Json.Serialization;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>The body of <c>POST consents/{purpose}</c>. A member it does not know (a misspelt name) is an error, never ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class GrantBody
{
    public int PolicyVersion { get; set; }

    public string? Language { get; set; }

    /// <summary>When set and not the signed-in user's id, the user acts as this subject's representative.</summary>
    public string? SubjectId { get; set; }

    public DateOnly? SubjectBirthDate { get; set; }

    public string? Relationship { get; set; }

    public bool MinorAlsoAgreed { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public List<string>? DataCategories { get; set; }

    public bool ThirdPartyTransfer { get; set; }

    public bool CrossBorderTransfer { get; set; }

    public bool PublicSources { get; set; }
}

/// <summary>The body of <c>DELETE consents/{purpose}</c> (optional). Unknown members are an error.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class WithdrawBody
{
    public string? SubjectId { get; set; }

    public string? Relationship { get; set; }
}

/// <summary>The body of <c>POST cookies</c>.</summary>
internal sealed class CookieChoiceBody
{
    public List<string>? Categories { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GrantBody))]
[JsonSerializable(typeof(WithdrawBody))]
[JsonSerializable(typeof(CookieChoiceBody))]
internal sealed partial class PrivacyJsonContext : JsonSerializerContext;
