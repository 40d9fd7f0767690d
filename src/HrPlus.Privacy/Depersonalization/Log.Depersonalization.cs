using Microsoft.Extensions.Logging;

namespace HrPlus.Privacy;

/// <summary>Log messages of depersonalization runs: counts, levels and column names, never a value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Depersonalized {Rows} rows for {Purpose}: {Released} released, {Suppressed} suppressed, levels {Levels}, {Evaluated} of {LatticeSize} lattice nodes evaluated.")]
    public static partial void Depersonalized(ILogger logger, int rows, string purpose, int released, int suppressed, string levels, int evaluated, int latticeSize);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "Aggregated {Rows} rows for {Purpose} into {Cells} cells: {Primary} small cells hidden, {Complementary} more hidden to protect them.")]
    public static partial void Aggregated(ILogger logger, int rows, string purpose, int cells, int primary, int complementary);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Information, Message = "Depersonalized output {Report} went to a recipient; {Subjects} subjects recorded in the disclosure log.")]
    public static partial void DepersonalizedDisclosed(ILogger logger, string report, int subjects);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Debug, Message = "Release {Report} recorded with {Disclosures} disclosure entries: {How}.")]
    public static partial void ReleaseRecorded(ILogger logger, string report, int disclosures, string how);

    [LoggerMessage(EventId = 1080, Level = LogLevel.Information, Message = "Release {Report} carries prosecutor risk {MaxRisk:0.####} at most and {MeanRisk:0.####} on average; {AtRisk:0.####} of its records are above {Threshold:0.####}; {Values} values suppressed locally.")]
    public static partial void ReleaseRisk(ILogger logger, string report, double maxRisk, double meanRisk, double atRisk, double threshold, int values);
}
