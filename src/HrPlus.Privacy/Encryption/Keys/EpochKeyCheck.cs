namespace HrPlus.Privacy.Encryption;

/// <summary>The result of the start-up check of the epoch keys that live subject keys name.</summary>
/// <param name="Checked">How many distinct epoch keys were tried.</param>
/// <param name="Unusable">The ids of those this instance cannot use (not in its epoch store, or not unwrappable).</param>
/// <param name="Location">Where the epoch keys live, in words.</param>
internal sealed record EpochKeyCheck(int Checked, IReadOnlyList<uint> Unusable, string Location);
