namespace HrPlus.Privacy.AspNetCore.Endpoints;

/// <summary>Marks an endpoint whose empty error answers get a problem-details body (the SDK's routes and <c>RequireConsent</c> ones).</summary>
internal sealed class PrivacyRouteMetadata
{
    public static readonly PrivacyRouteMetadata Instance = new();

    private PrivacyRouteMetadata()
    {
    }
}
