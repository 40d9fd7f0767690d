namespace HrPlus.Privacy;

/// <summary>Puts instants in the form every store keeps exactly: UTC, whole microseconds (PostgreSQL's precision).</summary>
internal static class Timestamps
{
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static DateTimeOffset? Normalize(DateTimeOffset? value) => value is { } v ? Normalize(v) : null;
}
