using HrPlus.Privacy.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// The public evidence routes: <c>GET evidence/keys</c>, the checkpoint public keys (current and retired) that verify
/// signed tree heads and consent receipts offline. Anonymous and cacheable: public keys are no secret, and an auditor or a
/// parent needs them without an account.
/// </summary>
internal static class EvidenceEndpoints
{
    /// <summary>How long a client may cache the key set: a rotation shows within this time.</summary>
    public const int MaxAgeSeconds = 300;

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("evidence/keys", async (HttpContext http, IHashChainCheckpoints checkpoints) =>
        {
            var keys = await checkpoints.GetPublicKeysAsync(http.RequestAborted);

            // Set after the group's filter, which marks every answer no-store before the handler runs.
            http.Response.Headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
            return Results.Content(CheckpointPublicKey.ToJson(keys), "application/json; charset=utf-8");
        });
}
