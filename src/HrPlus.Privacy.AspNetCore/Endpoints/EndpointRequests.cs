using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>What the subject and operator routes share: the clock, instants in query strings, caching headers.</summary>
internal static class EndpointRequests
{
    /// <summary>The sign-in problem's detail on the operator routes.</summary>
    public const string OperatorSignIn =
        "The operator API records who acted: sign in with a user that has the claim set as PrivacyEndpointOptions.SubjectClaimType.";

    /// <summary>Marks the response as not to be stored by any cache: every answer here is about a person.</summary>
    public static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    /// <summary>Reads an optional ISO 8601 instant from a query string; false when it is there and not one.</summary>
    public static bool TryParseInstant(string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (value is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }

        return false;
    }

    /// <summary>The app's clock (its <see cref="TimeProvider"/>).</summary>
    public static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
