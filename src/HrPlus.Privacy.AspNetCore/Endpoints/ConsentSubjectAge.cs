using System.Globalization;
using System.Security.Claims;
using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The birth date a grant over HTTP is judged by: the server's (the host's callback, then the signed-in subject's
/// <see cref="ClaimTypes.DateOfBirth"/> claim), never a lower age from the request body.
/// </summary>
/// <remarks>
/// A representative's grant while the host serves minors needs a birth date the server knows, or the consent could
/// outlive the child's 18th birthday: it is refused at the request (<see cref="ConsentRejectionReason.SubjectBirthDateUnknown"/>),
/// not at start-up, because the host's callback may know some subjects' dates and not others'; a host that authorizes
/// representatives without the callback gets warning 2010 when the endpoints are mapped.
/// </remarks>
internal static partial class ConsentSubjectAge
{
    /// <summary>
    /// Decides the birth date to record with a grant, or a problem. A date the server knows wins over the body's; a
    /// body's date is used only where it cannot loosen a rule: the server knows none and the host serves no minors. When
    /// the host serves minors, an unknown age refuses the subject's own grant (a representative must give it) and a
    /// representative's grant (its end at 18 could not be recorded).
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

        if (giver.Kind == ConsentGiverKind.Representative && options.ServesMinors)
        {
            return (null, PrivacyProblems.Rejected(new ConsentRejectedException(ConsentRejectionReason.SubjectBirthDateUnknown, PrivacyProblems.SubjectBirthDateUnknownDetail)));
        }

        if (giver.Kind == ConsentGiverKind.Subject && options.ServesMinors)
        {
            return (null, PrivacyProblems.Rejected(new ConsentRejectedException(
                ConsentRejectionReason.RepresentativeRequired,
                "The subject's age is not known to the operator and subjects may be minors: a legal representative must give this consent.")));
        }

        return (fromBody, null);
    }

    /// <summary>
    /// A 400 when the body's birth date is in the future or before 1900, whoever grants and whether or not it is used:
    /// no living subject has such a date, so the request is wrong.
    /// </summary>
    public static IResult? BodyDateProblem(HttpContext http, DateOnly? fromBody)
    {
        if (fromBody is not { } date)
        {
            return null;
        }

        // "Today" is the operator's, as the consent service reckons ages.
        var offset = http.RequestServices.GetRequiredService<IOptions<PrivacyOptions>>().Value.Consent.LocalUtcOffset;
        var today = DateOnly.FromDateTime(EndpointRequests.Now(http).ToOffset(offset).DateTime);

        // Fixed words: the date is not repeated.
        return date < ConsentService.EarliestBirthDate || date > today
            ? PrivacyProblems.BadRequest("subjectBirthDate is an ISO date (yyyy-MM-dd) from 1900-01-01 to today: a birth date in the future or before 1900 is refused.")
            : null;
    }

    /// <summary>Warns once, when the endpoints are mapped, that representatives' grants will be refused for want of a birth date source.</summary>
    public static void WarnIfNoBirthDateSource(IServiceProvider services, PrivacyEndpointOptions options)
    {
        if (options.AuthorizeRepresentative is not null && options.ResolveSubjectBirthDate is null && options.ServesMinors
            && services.GetService<ILoggerFactory>() is { } loggers)
        {
            LogNoBirthDateSource(loggers.CreateLogger(typeof(ConsentSubjectAge).FullName!));
        }
    }

    [LoggerMessage(
        EventId = 2010,
        Level = LogLevel.Warning,
        Message = "PrivacyEndpointOptions.AuthorizeRepresentative is set but ResolveSubjectBirthDate is not, and ServesMinors is true: every representative's "
            + "POST consents/{{purpose}} will be refused (SubjectBirthDateUnknown), because a consent for a minor must record when the subject comes of age. "
            + "Set ResolveSubjectBirthDate (from the IIN the host holds), or ServesMinors = false for an app of adults.")]
    private static partial void LogNoBirthDateSource(ILogger logger);

    /// <summary>The <see cref="ClaimTypes.DateOfBirth"/> claim as an ISO date (<c>yyyy-MM-dd</c>); null when missing or not one.</summary>
    internal static DateOnly? FromClaim(ClaimsPrincipal? user) =>
        user?.FindFirst(ClaimTypes.DateOfBirth)?.Value is { } value
        && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
