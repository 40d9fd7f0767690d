namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="PrivacyServiceCollectionExtensions.AddHrPlusPrivacy(IServiceCollection)"/>; features
/// and stores of HrPlus.Privacy are added through extension methods on it.
/// </summary>
public interface IPrivacyBuilder
{
    /// <summary>Gets the service collection the SDK registers into.</summary>
    IServiceCollection Services { get; }
}
