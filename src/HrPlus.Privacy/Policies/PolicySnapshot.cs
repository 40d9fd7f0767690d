namespace HrPlus.Privacy.Policies;

/// <summary>Every published version at one moment, oldest first; answers the hot-path questions without allocating.</summary>
internal sealed class PolicySnapshot(PolicyVersion[] versions, long loadedAt)
{
    public static readonly PolicySnapshot Empty = new([], long.MinValue);

    public PolicyVersion[] Versions { get; } = versions;

    /// <summary>Gets the <see cref="TimeProvider.GetTimestamp"/> value when this snapshot was read from the store.</summary>
    public long LoadedAt { get; } = loadedAt;

    public PolicyVersion? Latest => Versions.Length == 0 ? null : Versions[^1];

    public PolicyVersion? CurrentAt(DateTimeOffset at)
    {
        // Effective times never decrease with the version number, so the last one in effect is the current one.
        for (var i = Versions.Length - 1; i >= 0; i--)
        {
            if (Versions[i].EffectiveFrom <= at)
            {
                return Versions[i];
            }
        }

        return null;
    }

    public PolicyVersion? Find(int version)
    {
        var index = version - 1;
        if ((uint)index < (uint)Versions.Length && Versions[index].Version == version)
        {
            return Versions[index];
        }

        return Array.Find(Versions, v => v.Version == version);
    }

    /// <summary>Tells whether a version after <paramref name="version"/> that is a material change is in effect at <paramref name="at"/>.</summary>
    public bool HasMaterialChangeAfter(int version, DateTimeOffset at)
    {
        for (var i = Versions.Length - 1; i >= 0; i--)
        {
            var candidate = Versions[i];
            if (candidate.Version <= version)
            {
                return false;
            }

            if (candidate.ChangeKind == PolicyChangeKind.Material && candidate.EffectiveFrom <= at)
            {
                return true;
            }
        }

        return false;
    }
}
