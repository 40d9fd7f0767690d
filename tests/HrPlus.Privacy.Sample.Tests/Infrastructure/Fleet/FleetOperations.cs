using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;

namespace HrPlus.Privacy.Sample.Tests.Infrastructure;

/// <summary>
/// What the fleet test and the fleet benchmark do to an instance over HTTP, the way an operator's browser does it:
/// enrol a pupil, open a record, correct it, rotate the key, erase a pupil. Every form carries an antiforgery token from a
/// page of the same instance.
/// </summary>
public static partial class FleetOperations
{
    /// <summary>Registers fleet pupil <paramref name="index"/> on <paramref name="instance"/> and returns the new id.</summary>
    public static async Task<Guid> EnrolAsync(FleetInstance instance, int index, string fullName)
    {
        using var step = await instance.BeginStepAsync();
        var (status, form) = await instance.GetAsync("/pupils/new?lang=en", bypassGate: true);
        Require(status == HttpStatusCode.OK, $"{instance.Name}: the registration form answered {(int)status}");
        using var response = await instance.PostFormAsync(form, "/pupils/new", SampleFleet.EnrolmentForm(index, fullName), bypassGate: true);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var match = RegisteredPattern().Match(location);
        Require(response.StatusCode == HttpStatusCode.Redirect && match.Success,
            $"{instance.Name}: enrolling pupil {index} answered {(int)response.StatusCode} {Error(await response.Content.ReadAsStringAsync())}");
        return Guid.Parse(match.Groups[1].Value);
    }

    /// <summary>Opens a pupil's record: the status and the decrypted name shown (null when none is shown).</summary>
    public static async Task<(HttpStatusCode Status, string? Name)> ReadAsync(FleetInstance instance, Guid id, bool bypassGate = false)
    {
        var (status, html) = await instance.GetAsync($"/pupils/{id}?lang=en", bypassGate);
        var name = NamePattern().Match(html);
        return (status, name.Success ? WebUtility.HtmlDecode(name.Groups[1].Value) : null);
    }

    /// <summary>
    /// Corrects a pupil's name: opens the edit form (a read: the name it shows must be one written for the pupil, else the
    /// failure is returned) and saves <paramref name="newName"/>. Returns null on success, else what went wrong.
    /// </summary>
    public static async Task<string?> EditAsync(FleetInstance instance, Guid id, string newName, ConcurrentBag<string> written)
    {
        using var step = await instance.BeginStepAsync();
        var (status, form) = await instance.GetAsync($"/pupils/{id}/edit?lang=en", bypassGate: true);
        var shown = FormNamePattern().Match(form);
        var name = shown.Success ? WebUtility.HtmlDecode(shown.Groups[1].Value) : null;
        if (status != HttpStatusCode.OK || name is null || !written.Contains(name))
        {
            return $"edit form {(int)status} showing {(name is null ? "no name" : written.Contains(name) ? "a written name" : "a name never written")} {Error(form)}";
        }

        written.Add(newName);
        using var response = await instance.PostFormAsync(form, $"/pupils/{id}/edit",
            [new("fullName", newName), new("parentPhone", "+7 702 000 00 00"), new("parentEmail", "edited@example.org"), new("lang", "en")], bypassGate: true);
        return response.StatusCode == HttpStatusCode.Redirect ? null : $"save {(int)response.StatusCode} {Error(await response.Content.ReadAsStringAsync())}";
    }

    /// <summary>Gets an antiforgery-bearing page of the instance (the light registration form).</summary>
    public static async Task<string> FormPageAsync(FleetInstance instance, bool bypassGate = false)
    {
        var (status, html) = await instance.GetAsync("/pupils/new?lang=en", bypassGate);
        Require(status == HttpStatusCode.OK, $"{instance.Name}: the registration form answered {(int)status}");
        return html;
    }

    /// <summary>Posts the operator's rotation (new shared key, pupils re-encrypted) with a token from <paramref name="formHtml"/>.</summary>
    public static Task<HttpResponseMessage> RotateAsync(FleetInstance instance, string formHtml, bool bypassGate = false) =>
        instance.PostFormAsync(formHtml, "/operator/keys/rotate", [new("lang", "en")], bypassGate);

    /// <summary>Erases a pupil from the operator's form; returns the redirect target.</summary>
    public static async Task<string> EraseAsync(FleetInstance instance, Guid id, string reason)
    {
        using var step = await instance.BeginStepAsync();
        var form = await FormPageAsync(instance, bypassGate: true);
        using var response = await instance.PostFormAsync(form, $"/operator/pupils/{id}/erase", [new("reason", reason), new("lang", "en")], bypassGate: true);
        Require(response.StatusCode == HttpStatusCode.Redirect, $"{instance.Name}: erasing {id} answered {(int)response.StatusCode} {Error(await response.Content.ReadAsStringAsync())}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The text of the first element with <paramref name="id"/>, or null.</summary>
    public static string? Element(string html, string id)
    {
        var match = Regex.Match(html, "id=\"" + Regex.Escape(id) + "\"[^>]*>(.*?)</", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private static string Error(string html) => Regex.Match(html, "class=\"error\"[^>]*>(.*?)</", RegexOptions.Singleline, TimeSpan.FromSeconds(1)) is { Success: true } m
        ? "(" + WebUtility.HtmlDecode(m.Groups[1].Value) + ")"
        : string.Empty;

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    [GeneratedRegex("^/pupils/([0-9a-f-]{36})\\?registered=1&lang=en$")]
    private static partial Regex RegisteredPattern();

    [GeneratedRegex("<td id=\"record-name\">(.*?)</td>")]
    private static partial Regex NamePattern();

    [GeneratedRegex("id=\"fullName\" name=\"fullName\" maxlength=\"200\" value=\"([^\"]*)\"")]
    private static partial Regex FormNamePattern();
}
