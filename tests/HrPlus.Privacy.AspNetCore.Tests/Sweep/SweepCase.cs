namespace HrPlus.Privacy.AspNetCore.Tests.Sweep;

/// <summary>One route of the SDK: its method and template, with <c>{x}</c> where the path value goes.</summary>
internal sealed record SweepRoute(string Method, string Template, string ValidValue, string? ValidBody);

/// <summary>One generated request: what is sent, and the hostile strings that must never come back or be stored.</summary>
internal sealed record SweepCase(
    string Name,
    string Method,
    string Path,
    string? User,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<string> Markers);
