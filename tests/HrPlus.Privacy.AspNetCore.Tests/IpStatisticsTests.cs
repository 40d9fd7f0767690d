using HrPlus.Privacy.AccessLog;
using HrPlus.Privacy.AspNetCore.Capture;

namespace HrPlus.Privacy.AspNetCore.Tests;

public sealed class IpStatisticsTests
{
    [Fact]
    public void Statistics_SplitAtLocalMidnight_AndCountPerNetwork()
    {
        var offset = TimeSpan.FromHours(5);
        var beforeMidnight = new DateTimeOffset(2026, 11, 24, 18, 59, 59, TimeSpan.Zero);
        List<AccessRecord> batch =
        [
            Record(beforeMidnight, "net-a"),
            Record(beforeMidnight.AddSeconds(1), "net-a"),
            Record(beforeMidnight.AddSeconds(2), "net-a"),
            Record(beforeMidnight.AddSeconds(3), "net-b"),
            Record(beforeMidnight.AddSeconds(-10), null),
            Record(beforeMidnight.AddSeconds(-20), "net-a"),
        ];

        var statistics = AccessLogWriter.Statistics(batch, offset).OrderBy(s => s.Day).ThenBy(s => s.Network).ToArray();

        Assert.Equal(
            [
                new IpStatistic(new DateOnly(2026, 11, 24), "net-a", 2),
                new IpStatistic(new DateOnly(2026, 11, 25), "net-a", 2),
                new IpStatistic(new DateOnly(2026, 11, 25), "net-b", 1),
            ],
            statistics);
    }

    private static AccessRecord Record(DateTimeOffset at, string? network) => new()
    {
        Timestamp = at,
        NetworkPseudonym = network,
        Method = "GET",
        Path = "/",
        CookieNames = [],
        StatusCode = 200,
        DurationMilliseconds = 1,
    };
}
