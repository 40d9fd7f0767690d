using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// A 401 for a caller who is not signed in: the host's authentication challenge (its <c>WWW-Authenticate</c>, or the
/// sign-in redirect of a cookie scheme) when the host has a default challenge scheme, with a problem-details body
/// whenever the answer stays a 401.
/// </summary>
internal sealed class SignInChallengeResult(IResult problem) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        if (httpContext.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } schemes
            && await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is not null)
        {
            await httpContext.ChallengeAsync().ConfigureAwait(false);

            // A redirect to the sign-in page, or a handler that wrote its own answer, is the host's to give.
            if (httpContext.Response.HasStarted || httpContext.Response.StatusCode != StatusCodes.Status401Unauthorized)
            {
                return;
            }
        }

        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
    }
}
