namespace HrPlus.Privacy.Encryption;

/// <summary>The slot rule of <see cref="IFieldKeyStore.TryAddIfSlotFreeAsync"/>, written once for every store.</summary>
internal static class FieldKeySlot
{
    /// <summary>Gets whether a record's <see cref="FieldKeyRecord.ActivatesAt"/> marks it as pending (made, not yet in use).</summary>
    public static bool IsPending(FieldKeyRecord record) => record.ActivatesAt == DateTimeOffset.MaxValue;

    /// <summary>Gets whether <paramref name="stored"/> is a live record in the slot <paramref name="key"/> wants.</summary>
    public static bool Holds(FieldKeyRecord stored, FieldKeyRecord key) =>
        stored.State == FieldKeyState.Active
        && stored.Purpose == key.Purpose
        && string.Equals(stored.SubjectId, key.SubjectId, StringComparison.Ordinal)
        && IsPending(stored) == IsPending(key);

    /// <summary>Gets the record that holds the slot among <paramref name="records"/>: the newest by creation, then id; or null.</summary>
    public static FieldKeyRecord? Holder(IEnumerable<FieldKeyRecord> records, FieldKeyRecord key) => records
        .Where(r => Holds(r, key))
        .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
        .FirstOrDefault();
}
