using HrPlus.Privacy.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// Carries the app's service provider to the (one, shared) encrypted-property interceptor. It does not take part
/// in EF Core's internal service provider cache key, so any number of app containers (in tests, say) share one
/// internal provider.
/// </summary>
internal sealed class PrivacyDbContextOptionsExtension(IServiceProvider services) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public IFieldEncryptor Encryptor { get; } = services.GetService<IFieldEncryptor>()
        ?? throw new InvalidOperationException("IFieldEncryptor is not registered: call services.AddHrPlusPrivacy() before UseHrPlusPrivacy(serviceProvider).");

    public IBlindIndexer Indexer { get; } = services.GetRequiredService<IBlindIndexer>();

    /// <summary>Gets the app's set of blocked subjects (for <c>WhereSubjectNotBlocked</c>).</summary>
    public HrPlus.Privacy.Subjects.SubjectBlockList Blocks { get; } = services.GetRequiredService<HrPlus.Privacy.Subjects.SubjectBlockList>();

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public static PrivacyDbContextOptionsExtension For(DbContext context) =>
        context.GetService<IDbContextOptions>().FindExtension<PrivacyDbContextOptionsExtension>()
        ?? throw new InvalidOperationException($"{context.GetType().Name} is not configured for encrypted properties: add UseHrPlusPrivacy(serviceProvider) to its options.");

    // [Encrypted] is looked for again when the model is finalized, so entities configured late are found too; entity
    // types with encrypted properties are decrypted by the shaper EF Core compiles for them.
    // The provider's extension has registered EF Core's services already, so the materializer source is replaced.
    public void ApplyServices(IServiceCollection services)
    {
        new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, EncryptedPropertyConventionSetPlugin>();
        services.Replace(ServiceDescriptor.Singleton<IStructuralTypeMaterializerSource, EncryptedMaterializerSource>());
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "using HrPlus.Privacy ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["HrPlus.Privacy"] = "1";
    }
}
