using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Root secrets with fixed bytes, for known-answer tests of keyed hashes.</summary>
internal sealed class FixedRootSecrets : IRootSecretProvider
{
    // Bytes 0x20, 0x21, ..., 0x3f.
    public static readonly byte[] Material = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();

    private readonly Dictionary<RootSecretKind, RootSecret> _current = [];

    public FixedRootSecrets(uint id = 0x11223344, byte[]? material = null)
    {
        foreach (var kind in Enum.GetValues<RootSecretKind>())
        {
            _current[kind] = new RootSecret(new FieldKey(id, FieldKeyPurpose.BlindIndex, material ?? Material));
        }
    }

    public RootSecret GetCurrent(RootSecretKind kind) => _current[kind];

    public RootSecret? Find(RootSecretKind kind, uint id) => _current[kind].Id == id ? _current[kind] : null;
}
