using Microsoft.AspNetCore.Antiforgery;

namespace HrPlus.Privacy.Sample.Web;

/// <summary>Every form POST reads its form and checks the antiforgery token before the handler runs.</summary>
public static class FormPost
{
    /// <summary>Adds the check to a POST endpoint: a missing or wrong token answers 400 with a page saying so.</summary>
    public static RouteHandlerBuilder WithFormChecks(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.HasFormContentType)
            {
                return BadRequest(http);
            }

            await http.Request.ReadFormAsync(http.RequestAborted);
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return BadRequest(http);
            }

            return await next(context);
        });

    private static IResult BadRequest(HttpContext http)
    {
        var page = PageContext.For(http);
        return Layout.Page(page, "error.title", $"<p class=\"error\">{page.T("error.badRequest")}</p>", StatusCodes.Status400BadRequest);
    }

    /// <summary>Gets a local return URL from the form, or <c>/</c> for anything that is not a local path.</summary>
    public static string LocalUrl(string? value) =>
        value is { Length: > 0 } && value[0] == '/' && (value.Length == 1 || (value[1] != '/' && value[1] != '\\')) ? value : "/";
}
