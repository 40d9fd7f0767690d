using System.Diagnostics;

namespace HrPlus.Privacy.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> <see cref="SourceName"/>: spans of store operations and erasure steps. Tags name the
/// store, the operation and the step, never a subject, a key or a value.
/// </summary>
internal static class PrivacyActivities
{
    /// <summary>The activity source name (the same as the meter's).</summary>
    public const string SourceName = "HrPlus.Privacy";

    /// <summary>Gets the source; starting an activity without a listener returns null and costs one check.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the span of one store operation, e.g. <c>keys</c> / <c>get_all</c>.</summary>
    public static Activity? StartStore(string store, string operation)
    {
        var activity = Source.StartActivity("hrplus.privacy.store." + store + "." + operation, ActivityKind.Client);
        activity?.SetTag("hrplus.privacy.store", store);
        activity?.SetTag("hrplus.privacy.operation", operation);
        return activity;
    }

    /// <summary>Starts the span of one erasure step (<c>audit</c>, <c>keys</c>, <c>source</c>, <c>access_log</c>).</summary>
    public static Activity? StartErasureStep(string step)
    {
        var activity = Source.StartActivity("hrplus.privacy.erasure." + step);
        activity?.SetTag("hrplus.privacy.erasure.step", step);
        return activity;
    }
}
