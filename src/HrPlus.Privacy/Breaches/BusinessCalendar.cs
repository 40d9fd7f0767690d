namespace HrPlus.Privacy.Breaches;

/// <summary>
/// Working days for the breach-notification deadline (policy clause 5.3: the authorised body within one business
/// day): weekends and public holidays are not business days. Holidays are data: the fixed-date public holidays of
/// the Republic of Kazakhstan are the default; add the movable ones (Kurban Ait) and the transferred days off that
/// the Government announces each year.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<(int Month, int Day)> _annual;

    /// <summary>Creates a calendar.</summary>
    /// <param name="weekend">The days off every week; Saturday and Sunday when null.</param>
    /// <param name="annualHolidays">Holidays on the same date every year (month, day).</param>
    /// <param name="holidays">Holidays on one date (movable feasts, transferred days off).</param>
    public BusinessCalendar(IEnumerable<DayOfWeek>? weekend = null, IEnumerable<(int Month, int Day)>? annualHolidays = null, IEnumerable<DateOnly>? holidays = null)
    {
        Weekend = new HashSet<DayOfWeek>(weekend ?? [DayOfWeek.Saturday, DayOfWeek.Sunday]);
        _annual = [.. annualHolidays ?? []];
        foreach (var (month, day) in _annual)
        {
            // Validates the pair (29 February is allowed: it applies in leap years).
            _ = new DateOnly(2024, month, day);
        }

        _holidays = [.. holidays ?? []];
    }

    /// <summary>
    /// Gets the calendar of the Republic of Kazakhstan with its fixed-date public holidays (1–2 January, 7 January,
    /// 8 March, 21–23 March, 1 May, 7 May, 9 May, 6 July, 30 August, 25 October, 16 December) and Saturday–Sunday weekends.
    /// </summary>
    public static BusinessCalendar Kazakhstan { get; } = new(
        annualHolidays: [(1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30), (10, 25), (12, 16)]);

    /// <summary>Gets the weekly days off.</summary>
    public IReadOnlySet<DayOfWeek> Weekend { get; }

    /// <summary>Returns a calendar with <paramref name="dates"/> added as holidays.</summary>
    public BusinessCalendar WithHolidays(params IEnumerable<DateOnly> dates) => new(Weekend, _annual, [.. _holidays, .. dates]);

    /// <summary>Tells whether <paramref name="date"/> is a business day.</summary>
    public bool IsBusinessDay(DateOnly date) =>
        !Weekend.Contains(date.DayOfWeek) && !_holidays.Contains(date) && !_annual.Contains((date.Month, date.Day));

    /// <summary>Gets the first business day after <paramref name="date"/>.</summary>
    public DateOnly NextBusinessDay(DateOnly date)
    {
        var next = date.AddDays(1);
        for (var i = 0; i < 366 && !IsBusinessDay(next); i++)
        {
            next = next.AddDays(1);
        }

        return IsBusinessDay(next) ? next : throw new InvalidOperationException("The calendar has no business day within a year.");
    }

    /// <summary>
    /// Gets the deadline of "within one business day" from <paramref name="start"/>, in the operator's local time
    /// (<paramref name="localOffset"/>): started on a business day, the same local time on the next business day
    /// (Friday 18:00 → Monday 18:00); started on a day off, the end of the next business day (Saturday 10:00 →
    /// Monday 24:00), since a whole business day must be available.
    /// </summary>
    public DateTimeOffset OneBusinessDayAfter(DateTimeOffset start, TimeSpan localOffset)
    {
        var local = start.ToOffset(localOffset);
        var day = DateOnly.FromDateTime(local.DateTime);
        var next = NextBusinessDay(day);
        return IsBusinessDay(day)
            ? new DateTimeOffset(next.ToDateTime(TimeOnly.FromTimeSpan(local.TimeOfDay)), localOffset)
            : new DateTimeOffset(next.AddDays(1).ToDateTime(TimeOnly.MinValue), localOffset);
    }
}
