namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HrPlus.Privacy in an <see cref="IServiceCollection"/>.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Adds HrPlus.Privacy with default options: field encryption, blind indexes and pseudonyms, with keys
    /// persisted next to DataProtection's key ring.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add stores and features.</returns>
    public static IPrivacyBuilder AddHrPlusPrivacy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new PrivacyBuilder(services);
    }
}
