namespace Microsoft.Extensions.DependencyInjection;

internal sealed class PrivacyBuilder(IServiceCollection services) : IPrivacyBuilder
{
    public IServiceCollection Services { get; } = services;
}
