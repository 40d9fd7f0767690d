using HrPlus.Privacy.Consent;

namespace HrPlus.Privacy.Sample.Pages;

/// <summary>
/// <c>GET /pupils/{id}/consent-receipt</c>: the receipt of a pupil's latest consent event, as JSON, for the operator to hand
/// to the parent. Once a checkpoint covers the event it carries the signed tree head and the inclusion proof, so the parent
/// checks it with nothing but the keys at <c>/privacy/evidence/keys</c> (<see cref="ConsentReceiptVerifier"/>).
/// </summary>
/// <remarks>The sample has no sign-in, like its other operator pages; a real app serves this to the operator or the signed-in subject only.</remarks>
public static class ConsentReceiptPage
{
    /// <summary>Maps the route.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/{id:guid}/consent-receipt", async (Guid id, IConsentService consents, CancellationToken cancellationToken) =>
        {
            var history = await consents.GetHistoryAsync(id.ToString(), cancellationToken);
            if (history.Count == 0 || await consents.GetReceiptAsync(history[^1].EventId, cancellationToken) is not { } receipt)
            {
                return Results.NotFound();
            }

            return Results.Text(receipt.ToJson(), "application/json");
        });
}
