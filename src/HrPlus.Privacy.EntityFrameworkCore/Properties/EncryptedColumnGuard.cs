using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The value converter every encrypted property carries. Towards the database it lets through only the ciphertexts
/// that the save interceptor made: anything else on its way into an encrypted column (a save on a context without
/// <c>UseHrPlusPrivacy(serviceProvider)</c>, a value compared in a query, seed data) is refused instead of being
/// stored as plaintext. From the database it passes values on unchanged to the materializer, which decrypts them;
/// the guard that <c>IsEncrypted()</c> sets refuses them instead, and only the model of a context with the hook has
/// it replaced (<see cref="EncryptedAttributeConvention"/>), so a context without the hook never hands out ciphertext.
/// </summary>
internal sealed class EncryptedColumnGuard<T> : ValueConverter<T, T>
    where T : class
{
    public EncryptedColumnGuard(string entity, string property, bool hooked)
        : this(new Check(entity, property), hooked)
    {
    }

    private EncryptedColumnGuard(Check check, bool hooked)
        : base(v => check.ToProvider(v), hooked ? v => v : v => check.FromProvider(v))
    {
        Hooked = hooked;
    }

    /// <summary>Gets whether this guard belongs to the model of a context with <c>UseHrPlusPrivacy(serviceProvider)</c>.</summary>
    public bool Hooked { get; }

    private sealed class Check(string entity, string property)
    {
        public T ToProvider(T value) => SealedValues.IsSealed(value)
            ? value
            : throw new InvalidOperationException(
                $"'{entity}.{property}' is encrypted, and a value that HrPlus.Privacy did not encrypt was about to be sent to its column; it was refused. " +
                "SaveChanges encrypts only on a context whose options have UseHrPlusPrivacy(serviceProvider): add it where the context is configured. " +
                "ExecuteUpdate, seed data and queries that compare the column with a value cannot encrypt: change the entity and call SaveChanges, and search with WhereBlindIndexMatches or FindByEncryptedValueAsync.");

        public T FromProvider(T value) => throw new InvalidOperationException(
            $"'{entity}.{property}' is encrypted, but this context cannot decrypt it: add UseHrPlusPrivacy(serviceProvider) where the context is configured.");
    }
}
