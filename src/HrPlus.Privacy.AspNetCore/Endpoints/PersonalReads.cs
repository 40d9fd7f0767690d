using HrPlus.Privacy.Consent;
using Microsoft.AspNetCore.Http;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// Whose data a personal <c>GET</c> route reads: the signed-in subject's, or with <c>?subjectId=</c> a subject the
/// host's <see cref="PrivacyEndpointOptions.AuthorizeRepresentative"/> lets the signed-in user represent. A query
/// parameter the route does not take is refused, never ignored: a misspelt <c>subjectId</c> would otherwise answer
/// with the representative's own data as if it were the pupil's.
/// </summary>
internal static class PersonalReads
{
    public const string SubjectIdParameter = "subjectId";

    /// <summary>A 400 when the query holds a parameter other than <paramref name="allowed"/> (names compared ignoring case, as binding does).</summary>
    public static IResult? UnknownParameter(HttpContext http, params ReadOnlySpan<string> allowed)
    {
        foreach (var name in http.Request.Query.Keys)
        {
            var known = false;
            foreach (var parameter in allowed)
            {
                known |= string.Equals(name, parameter, StringComparison.OrdinalIgnoreCase);
            }

            if (!known)
            {
                // The name is not repeated: it is the caller's text.
                return PrivacyProblems.BadRequest(allowed.Length == 0
                    ? "This route takes no query parameters."
                    : $"This route takes no query parameters but {string.Join(", ", allowed.ToArray())}.");
            }
        }

        return null;
    }

    /// <summary>
    /// The subject the request reads: <paramref name="user"/>, or the <c>subjectId</c> of the query when the host
    /// authorizes the user to represent it. Unknown parameters and a malformed id are 400; a subject the host does not
    /// authorize is 403. No problem repeats the id.
    /// </summary>
    public static async ValueTask<(string Subject, IResult? Problem)> SubjectAsync(HttpContext http, string user, PrivacyEndpointOptions options)
    {
        if (UnknownParameter(http, SubjectIdParameter) is { } unknown)
        {
            return (user, unknown);
        }

        if (!http.Request.Query.TryGetValue(SubjectIdParameter, out var values))
        {
            return (user, null);
        }

        if (values is not [{ } subjectId])
        {
            return (user, PrivacyProblems.BadRequest("subjectId is given once."));
        }

        try
        {
            SubjectIds.Validate(subjectId, SubjectIdParameter);
        }
        catch (ArgumentException)
        {
            // Fixed words: the id may hold an IIN, which is never repeated.
            return (user, PrivacyProblems.BadRequest("subjectId is the host's opaque id of a person: not empty, at most 128 characters, no control characters and no IIN."));
        }

        if (subjectId == user)
        {
            return (user, null);
        }

        return options.AuthorizeRepresentative is { } authorize && await authorize(http, subjectId)
            ? (subjectId, null)
            : (user, PrivacyProblems.Forbidden("The signed-in user may not read that subject's data."));
    }
}
