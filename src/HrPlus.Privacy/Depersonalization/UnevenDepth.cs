namespace HrPlus.Privacy.Depersonalization;

/// <summary>What a hierarchy does with values whose path to the top is shorter than the others' (a school directly under a region, beside schools under districts).</summary>
public enum UnevenDepth
{
    /// <summary>The hierarchy is refused with <see cref="DepersonalizationError.InvalidHierarchy"/>: every value must have a label at every level.</summary>
    Refuse = 0,

    /// <summary>
    /// A short path is padded by repeating its last label (the coarsest it has) up to the common top, so every value reaches
    /// its root at the same level and never shows a finer label than its path holds: school → region becomes school →
    /// region → region beside school → district → region. One level may then mix district and region labels (each as
    /// coarse as its path allows), never a label finer than the level.
    /// </summary>
    Pad = 1,
}
