namespace HrPlus.Privacy.Encryption;

/// <summary>
/// Resolves the key ring on first use. The pseudonymizer is needed by the log pipeline (redaction), and the key
/// ring needs DataProtection, which needs the log pipeline: resolving eagerly would be a dependency cycle.
/// </summary>
internal sealed class DeferredRootSecretProvider(Func<IRootSecretProvider> resolve) : IRootSecretProvider
{
    private readonly Lazy<IRootSecretProvider> _inner = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    public RootSecret GetCurrent(RootSecretKind kind) => _inner.Value.GetCurrent(kind);

    public RootSecret? Find(RootSecretKind kind, uint id) => _inner.Value.Find(kind, id);
}
