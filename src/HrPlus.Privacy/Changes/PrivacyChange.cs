namespace HrPlus.Privacy.Changes;

/// <summary>What another instance changed in a shared store, so this instance reloads the matching cache.</summary>
internal enum PrivacyChange
{
    /// <summary>A field key was added, retired, destroyed or rotated (erasures destroy subject keys).</summary>
    Keys,

    /// <summary>A subject was blocked or unblocked.</summary>
    Blocks,

    /// <summary>An erasure was recorded or moved to its next step.</summary>
    Erasures,

    /// <summary>A policy version was published.</summary>
    Policies,

    /// <summary>A consent was granted, withdrawn or renewed.</summary>
    Consents,
}
