namespace HrPlus.Privacy.Encryption;

/// <summary>
/// The epoch-key store a host registered in code (<c>UseEpochKeyStore</c>, <c>PersistEpochKeysToDbContext</c>), with the
/// words that name its location in messages.
/// </summary>
internal sealed class EpochKeyStoreRegistration(Func<IServiceProvider, IFieldKeyStore> create, string location)
{
    public Func<IServiceProvider, IFieldKeyStore> Create { get; } = create;

    public string Location { get; } = location;
}
