namespace HrPlus.Privacy.Policies;

/// <summary>How a policy version differs from the one before it.</summary>
public enum PolicyChangeKind
{
    /// <summary>Wording, layout or corrections that do not change what is processed or why: consents stay valid.</summary>
    Editorial = 1,

    /// <summary>A change to what is processed, why, by whom or for how long: consents given earlier need renewing.</summary>
    Material = 2,
}
