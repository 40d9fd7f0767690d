using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HrPlus.Privacy.AspNetCore.Tests;

/// <summary>Signs nobody in (TestApp's header does); a challenge answers 401 with <c>WWW-Authenticate: Test realm="school"</c>, as a bearer scheme would.</summary>
internal sealed class ChallengingAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Challenge = "Test realm=\"school\"";

    public static void Register(WebApplicationBuilder web)
    {
        web.Services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, ChallengingAuthenticationHandler>(SchemeName, null);
        web.Services.AddAuthorization(o => o.AddPolicy("PrivacyOperators", p => p.RequireClaim(System.Security.Claims.ClaimTypes.NameIdentifier, "operator-1")));
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }
}
