using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Turns on HrPlus.Privacy's handling of encrypted properties for a context.</summary>
public static class PrivacyDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Encrypts properties marked <c>IsEncrypted()</c> or <c>[Encrypted]</c> on save and decrypts them on load,
    /// with the <see cref="IFieldEncryptor"/> and <see cref="IBlindIndexer"/> registered by <c>AddHrPlusPrivacy()</c>.
    /// </summary>
    /// <example><code>services.AddDbContext&lt;SchoolDb&gt;((sp, o) =&gt; o.UseSqlite(cs).UseHrPlusPrivacy(sp));</code></example>
    /// <exception cref="InvalidOperationException"><c>AddHrPlusPrivacy()</c> was not called on <paramref name="services"/>.</exception>
    public static DbContextOptionsBuilder UseHrPlusPrivacy(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new PrivacyDbContextOptionsExtension(services));
        return options.AddInterceptors(EncryptedPropertyInterceptor.Instance, EncryptedQueryInterceptor.Instance);
    }
}
