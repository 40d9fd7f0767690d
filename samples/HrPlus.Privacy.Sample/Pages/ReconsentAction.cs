using HrPlus.Privacy.Consent;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Pupils;
using HrPlus.Privacy.Sample.Web;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// Records a pupil's consent to the policy version in effect, after a material change asked for it again: by the pupil,
/// or by the recorded representative while the pupil is a minor.
/// </summary>
public static class ReconsentAction
{
    /// <summary>Maps <c>POST /pupils/{id}/consent</c>.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/pupils/{id:guid}/consent", async (HttpContext http, SchoolDb db, IConsentService consents, IPolicyRegistry policies, TimeProvider time, Guid id) =>
        {
            var page = PageContext.For(http);
            var pupil = await db.Pupils.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, http.RequestAborted);
            var current = await policies.GetCurrentAsync(null, http.RequestAborted);
            if (pupil is null || current is null)
            {
                return Layout.Page(page, "nav.pupils", $"<p class=\"error\">{page.T("error.notFound")}</p>", StatusCodes.Status404NotFound);
            }

            try
            {
                await consents.GrantAsync(
                    PupilConsent.For(pupil, current.Version, page.Language, PupilRegistrar.Today(time), ConsentChannel.WebForm, minorAlsoAgreed: false, http),
                    http.RequestAborted);
            }
            catch (ConsentRejectedException)
            {
                return Results.Redirect(PageContext.UrlIn($"/pupils/{id}?consentError=1", page.Language));
            }

            return Results.Redirect(PageContext.UrlIn($"/pupils/{id}?reconsented={current.Version}", page.Language));
        }).WithFormChecks();
}
