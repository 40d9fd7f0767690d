using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HrPlus.Privacy.EntityFrameworkCore.Properties;

/// <summary>
/// The value converter every encrypted property carries: values pass to the database unchanged, but only the
/// ciphertexts that the save interceptor made. Anything else on its way into an encrypted column (a save on a
/// context without <c>UseHrPlusPrivacy(serviceProvider)</c>, a value compared in a query, seed data) is refused
/// instead of being stored as plaintext.
/// </summary>
internal sealed class EncryptedColumnGuard<T> : ValueConverter<T, T>
    where T : class
{
    public EncryptedColumnGuard(string entity, string property)
        : this(new Check(entity, property))
    {
    }

    private EncryptedColumnGuard(Check check)
        : base(v => check.ToProvider(v), v => v)
    {
    }

    private sealed class Check(string entity, string property)
    {
        public T ToProvider(T value) => SealedValues.IsSealed(value)
            ? value
            : throw new InvalidOperationException(
                $"'{entity}.{property}' is encrypted, and a value that HrPlus.Privacy did not encrypt was about to be sent to its column; it was refused. " +
                "SaveChanges encrypts only on a context whose options have UseHrPlusPrivacy(serviceProvider): add it where the context is configured. " +
                "ExecuteUpdate, seed data and queries that compare the column with a value cannot encrypt: change the entity and call SaveChanges, and search with WhereBlindIndexMatches or FindByEncryptedValueAsync.");
    }
}
