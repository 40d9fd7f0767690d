namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>
/// Marks what gets a problem-details body for an empty error answer: as endpoint metadata, the SDK's routes (not the
/// host's, <c>RequireConsent</c> ones included); as a request feature, a route-less error the capture middleware saw
/// under an SDK prefix.
/// </summary>
internal sealed class PrivacyRouteMetadata
{
    public static readonly PrivacyRouteMetadata Instance = new();

    private PrivacyRouteMetadata()
    {
    }
}
