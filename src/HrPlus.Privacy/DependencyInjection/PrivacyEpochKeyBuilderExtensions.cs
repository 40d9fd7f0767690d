using HrPlus.Privacy.Encryption;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Names where the epoch keys that wrap subject keys live (<see cref="FieldEncryptionOptions.PerSubjectKeys"/>).</summary>
public static class PrivacyEpochKeyBuilderExtensions
{
    /// <summary>
    /// Keeps the epoch keys in <paramref name="store"/>: a store outside the app's database and its backups, shared by every
    /// instance, whose own backups are kept no longer than <see cref="FieldEncryptionOptions.BackupRetention"/>. The other
    /// ways are <see cref="FieldEncryptionOptions.EpochKeyDirectory"/> and <c>PersistEpochKeysToDbContext&lt;TContext&gt;()</c>
    /// (package HrPlus.Privacy.EntityFrameworkCore).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The epoch-key store (its <see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/> should be atomic).</param>
    /// <returns>The builder.</returns>
    public static IPrivacyBuilder UseEpochKeyStore(this IPrivacyBuilder builder, IFieldKeyStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(new EpochKeyStoreRegistration(_ => store, $"the epoch key store {store.GetType().Name} (UseEpochKeyStore)")));
        return builder;
    }
}
