using System.Globalization;
using System.Security.Claims;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The birth date a grant over HTTP is judged by: the server's (the host's callback, then the signed-in subject's
/// <see cref="ClaimTypes.DateOfBirth"/> claim), never a lower age from the request body.
/// </summary>
internal static class ConsentSubjectAge
{
    /// <summary>
    /// Decides the birth date to record with a grant, or a problem. A date the server knows wins over the body's; a
    /// body's date is used only where it cannot loosen a rule (the server knows none and either a representative acts
    /// or the host serves no minors). An unknown age, when the host serves minors, admits only a representative.
    /// </summary>
    public static async ValueTask<(DateOnly? BirthDate, IResult? Problem)> ResolveAsync(
        HttpContext http, string subject, ConsentGiver giver, DateOnly? fromBody, PrivacyEndpointOptions options)
    {
        var known = options.ResolveSubjectBirthDate is { } resolve ? await resolve(http, subject).ConfigureAwait(false) : null;
        known ??= giver.Kind == ConsentGiverKind.Subject ? FromClaim(http.User) : null;
        if (known is not null)
        {
            return (known, null);
        }

        if (giver.Kind == ConsentGiverKind.Subject && options.ServesMinors)
        {
            return (null, PrivacyProblems.Rejected(new ConsentRejectedException(
                ConsentRejectionReason.RepresentativeRequired,
                "The subject's age is not known to the operator and subjects may be minors: a legal representative must give this consent.")));
        }

        return (fromBody, null);
    }

    /// <summary>The <see cref="ClaimTypes.DateOfBirth"/> claim as an ISO date (<c>yyyy-MM-dd</c>); null when missing or not one.</summary>
    internal static DateOnly? FromClaim(ClaimsPrincipal? user) =>
        user?.FindFirst(ClaimTypes.DateOfBirth)?.Value is { } value
        && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
