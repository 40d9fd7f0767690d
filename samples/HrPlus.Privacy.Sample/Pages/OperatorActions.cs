using System.Globalization;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Policies;
using HrPlus.Privacy.Sample.Data;
using HrPlus.Privacy.Sample.Seeding;
using HrPlus.Privacy.Sample.Web;
using Microsoft.EntityFrameworkCore;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>The operator's actions: rotate the field key and re-encrypt the pupils; publish a new policy version.</summary>
public static class OperatorActions
{
    /// <summary>Maps <c>POST /operator/keys/rotate</c> and <c>POST /operator/policy</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/operator/keys/rotate", async (HttpContext http, IFieldKeyRing keys, SchoolDb db) =>
        {
            var page = PageContext.For(http);
            var key = await keys.RotateAsync(http.RequestAborted);

            // Moves every encrypted pupil field still under an older key to the new one, in batches.
            var result = await db.MigrateEncryptedDataAsync<Pupil>(batchSize: 500, progress: null, http.RequestAborted);
            return Results.Redirect(PageContext.UrlIn(
                $"/operator?rotated={key.Id.ToString("x8", CultureInfo.InvariantCulture)}&updated={result.RowsUpdated}&reencrypted={result.ValuesReencrypted}&failed={result.RowsFailed}",
                page.Language));
        }).WithFormChecks();

        app.MapPost("/operator/policy", async (HttpContext http, IPolicyRegistry policies) =>
        {
            var page = PageContext.For(http);
            var note = http.Request.Form["note"].ToString().Trim();
            var kind = http.Request.Form["kind"] == "editorial" ? PolicyChangeKind.Editorial : PolicyChangeKind.Material;
            var current = await policies.GetCurrentAsync(null, http.RequestAborted);
            if (current is null || note.Length is 0 or > 200)
            {
                return Results.Redirect(PageContext.UrlIn("/operator?publishError=1", page.Language));
            }

            var published = await policies.PublishAsync(PolicyTexts.Next(current, kind, note), http.RequestAborted);
            return Results.Redirect(PageContext.UrlIn($"/operator?published={published.Version}", page.Language));
        }).WithFormChecks();
    }
}
