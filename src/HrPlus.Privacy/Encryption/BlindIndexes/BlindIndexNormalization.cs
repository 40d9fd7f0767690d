namespace HrPlus.Privacy.Encryption;

/// <summary>How a value is put into one canonical form before its blind index is computed, so every written form of one value finds the same rows.</summary>
public enum BlindIndexNormalization
{
    /// <summary>The value as given, ordinal.</summary>
    Exact = 0,

    /// <summary>An IIN: spaces and dashes dropped, then exactly 12 digits that form a valid IIN.</summary>
    Iin = 1,

    /// <summary>A Kazakhstan phone number in any written form (<c>8 701 …</c>, <c>+7 (701) …</c>, <c>7701…</c>) to E.164 <c>+77011234567</c>; the national number must start with 7.</summary>
    Phone = 2,

    /// <summary>An e-mail address: trimmed and lower-cased (invariant); one <c>@</c> with text on both sides.</summary>
    Email = 3,

    /// <summary>A full name: Unicode NFC, trimmed, runs of white space collapsed to one space, lower-cased (invariant), so Kazakh and Russian letters fold.</summary>
    FullName = 4,
}
