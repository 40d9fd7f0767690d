using HrPlus.Privacy.EntityFrameworkCore.Consent;
using HrPlus.Privacy.EntityFrameworkCore.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Storage;

/// <summary>
/// Resolves the host's context for a store and checks that its model has the SDK's tables, so a context whose
/// <c>OnModelCreating</c> forgot <c>modelBuilder.UseHrPlusPrivacy()</c> fails with what to add instead of EF Core's
/// "Cannot create a DbSet for 'PolicyVersionEntity'".
/// </summary>
internal static class PrivacyStoreContext
{
    public static TContext Get<TContext>(IServiceProvider services)
        where TContext : DbContext
    {
        var context = services.GetRequiredService<TContext>();
        if (context.Model.FindEntityType(typeof(FieldKeyEntity)) is null || context.Model.FindEntityType(typeof(PolicyVersionEntity)) is null)
        {
            throw new InvalidOperationException(
                $"The model of {typeof(TContext).Name} has no HrPlus.Privacy tables: UseEntityFrameworkCoreStores<{typeof(TContext).Name}>() needs " +
                $"modelBuilder.UseHrPlusPrivacy() in {typeof(TContext).Name}.OnModelCreating (namespace Microsoft.EntityFrameworkCore), " +
                "then a migration (dotnet ef migrations add) or Database.EnsureCreated() to create them.");
        }

        return context;
    }
}
