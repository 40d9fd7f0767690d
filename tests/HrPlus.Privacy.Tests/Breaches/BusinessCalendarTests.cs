using HrPlus.Privacy.Breaches;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Breaches;

public sealed class BusinessCalendarTests
{
    private static readonly TimeSpan Almaty = TimeSpan.FromHours(5);

    [Fact]
    public void FridayEvening_IsDueMondayAtTheSameTime()
    {
        // Friday 27 November 2026, 18:30 in Kazakhstan, discovered by the clock of a running app.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 18, 30, 0, Almaty));

        var deadline = BusinessCalendar.Kazakhstan.OneBusinessDayAfter(time.GetUtcNow(), Almaty);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 18, 30, 0, Almaty), deadline);
        Assert.Equal(DayOfWeek.Monday, deadline.ToOffset(Almaty).DayOfWeek);
    }

    [Fact]
    public void Weekend_IsDueAtTheEndOfMonday()
    {
        var saturday = new DateTimeOffset(2026, 11, 28, 10, 0, 0, Almaty);
        var sunday = new DateTimeOffset(2026, 11, 29, 23, 59, 0, Almaty);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(saturday, Almaty));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(sunday, Almaty));
    }

    [Fact]
    public void ConfiguredHoliday_OnMonday_MovesTheDeadlineToTuesday()
    {
        var calendar = BusinessCalendar.Kazakhstan.WithHolidays(new DateOnly(2026, 11, 30));
        var friday = new DateTimeOffset(2026, 11, 27, 18, 30, 0, Almaty);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 18, 30, 0, Almaty), calendar.OneBusinessDayAfter(friday, Almaty));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 11, 30)));
        Assert.True(BusinessCalendar.Kazakhstan.IsBusinessDay(new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public void IndependenceDay_AndNauryz_AreNotBusinessDays()
    {
        // 15 December 2026 (Tuesday) → 16 December is Independence Day → 17 December.
        var tuesday = new DateTimeOffset(2026, 12, 15, 9, 0, 0, Almaty);
        Assert.Equal(new DateTimeOffset(2026, 12, 17, 9, 0, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(tuesday, Almaty));

        // 20 March 2026 (Friday) → weekend, then Nauryz 21–23 March → Tuesday 24 March.
        var friday = new DateTimeOffset(2026, 3, 20, 12, 0, 0, Almaty);
        Assert.Equal(new DateTimeOffset(2026, 3, 24, 12, 0, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(friday, Almaty));
    }

    [Fact]
    public void UtcInput_IsReadInLocalTime()
    {
        // 13:30 UTC on Friday is 18:30 in Kazakhstan; 20:00 UTC on Friday is already Saturday 01:00 there.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 18, 30, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(new DateTimeOffset(2026, 11, 27, 13, 30, 0, TimeSpan.Zero), Almaty));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Almaty), BusinessCalendar.Kazakhstan.OneBusinessDayAfter(new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero), Almaty));
    }

    [Fact]
    public void Calendar_WithEveryDayOff_FailsClearly()
    {
        var never = new BusinessCalendar(weekend: Enum.GetValues<DayOfWeek>());

        Assert.Throws<InvalidOperationException>(() => never.NextBusinessDay(new DateOnly(2026, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusinessCalendar(annualHolidays: [(2, 30)]));
    }
}
