namespace HrPlus.Privacy.Encryption;

/// <summary>The concurrency rule of <see cref="IFieldKeyStore.TryUpdateAsync"/>, written once for every store.</summary>
internal static class FieldKeyRecordVersion
{
    /// <summary>Gets whether <paramref name="stored"/> is still the record the caller read as <paramref name="expected"/>.</summary>
    public static bool Matches(FieldKeyRecord stored, FieldKeyRecord expected) =>
        stored.Id == expected.Id
        && stored.State == expected.State
        && stored.ReservedEncryptions == expected.ReservedEncryptions
        && stored.WrappingVersion == expected.WrappingVersion;
}
