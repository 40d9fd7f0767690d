using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Properties;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Turns on HrPlus.Privacy's handling of encrypted properties for a context.</summary>
public static class PrivacyDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Encrypts properties marked <c>IsEncrypted()</c> or <c>[Encrypted]</c> on save and decrypts them on load,
    /// with the <see cref="IFieldEncryptor"/> registered by <c>AddHrPlusPrivacy()</c>.
    /// </summary>
    /// <example><code>services.AddDbContext&lt;SchoolDb&gt;((sp, o) =&gt; o.UseSqlite(cs).UseHrPlusPrivacy(sp));</code></example>
    public static DbContextOptionsBuilder UseHrPlusPrivacy(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var encryptor = services.GetService<IFieldEncryptor>()
            ?? throw new InvalidOperationException("IFieldEncryptor is not registered: call services.AddHrPlusPrivacy() before UseHrPlusPrivacy(serviceProvider).");
        var indexer = services.GetRequiredService<IBlindIndexer>();
        var interceptor = InterceptorCache.GetValue(encryptor, e => new EncryptedPropertyInterceptor(e, indexer));
        return options.AddInterceptors(interceptor);
    }

    // One interceptor per encryptor (per application), so EF Core's internal service provider cache stays small.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IFieldEncryptor, EncryptedPropertyInterceptor> InterceptorCache = [];
}
