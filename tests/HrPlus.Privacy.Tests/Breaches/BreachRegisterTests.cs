using HrPlus.Privacy.Breaches;
using HrPlus.Privacy.Identifiers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HrPlus.Privacy.Tests.Breaches;

public sealed class BreachRegisterTests : IDisposable
{
    private static readonly TimeSpan Almaty = TimeSpan.FromHours(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 18, 45, 0, Almaty));
    private readonly RecordingNotifier _notifier = new();
    private readonly ServiceProvider _services;

    public BreachRegisterTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy().UseInMemoryFieldKeys().UseInMemoryStores();
        services.AddSingleton<IBreachNotifier>(_notifier);
        _services = services.BuildServiceProvider();
        Register = _services.GetRequiredService<IBreachRegister>();
    }

    private IBreachRegister Register { get; }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task FridayEveningBreach_IsDueMonday_OverdueAfter_AndNotWhenNotified()
    {
        var incident = await Register.RegisterAsync(Report(new DateTimeOffset(2026, 11, 27, 18, 30, 0, Almaty)));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 18, 30, 0, Almaty), incident.AuthorityDeadline);
        Assert.Empty(await Register.GetOverdueAsync());
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 18, 30, 0, Almaty));
        Assert.Empty(await Register.GetOverdueAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([incident.Id], (await Register.GetOverdueAsync()).Select(i => i.Id));

        var notified = await Register.RecordAuthorityNotificationAsync(incident.Id, "MCDIAI-2026-0042");

        Assert.Equal(_time.GetUtcNow(), notified.AuthorityNotifiedAt);
        Assert.Equal("MCDIAI-2026-0042", notified.AuthorityReference);
        Assert.Empty(await Register.GetOverdueAsync());

        // The first notification time is evidence: a second record is refused and the first one stays.
        _time.Advance(TimeSpan.FromHours(1));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Register.RecordAuthorityNotificationAsync(incident.Id, "MCDIAI-2026-0043"));
        var kept = await Register.GetAsync(incident.Id);
        Assert.Equal(notified.AuthorityNotifiedAt, kept!.AuthorityNotifiedAt);
        Assert.Equal("MCDIAI-2026-0042", kept.AuthorityReference);
    }

    [Fact]
    public async Task WeekendAndConfiguredHoliday_PushTheDeadline()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddHrPlusPrivacy(o => o.Breaches.Calendar = BusinessCalendar.Kazakhstan.WithHolidays(new DateOnly(2026, 11, 30)))
            .UseInMemoryFieldKeys().UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 12, 0, 0, Almaty));

        var incident = await provider.GetRequiredService<IBreachRegister>().RegisterAsync(Report(new DateTimeOffset(2026, 11, 28, 9, 0, 0, Almaty)));

        // Saturday → Monday is a holiday → the whole of Tuesday.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, Almaty), incident.AuthorityDeadline);
    }

    [Fact]
    public async Task NotifySubjects_NotifiesEachOnce_AndRetriesFailedDeliveries()
    {
        var incident = await Register.RegisterAsync(Report(_time.GetUtcNow().AddMinutes(-30)));
        _notifier.Failing.Add("pupil-2");

        var first = await Register.NotifySubjectsAsync(incident.Id);
        _notifier.Failing.Clear();
        var second = await Register.NotifySubjectsAsync(incident.Id);

        Assert.Equal(["pupil-1", "pupil-2", "pupil-3", "pupil-2"], _notifier.Calls);
        Assert.Equal(3, first.SubjectNotifications.Count);
        Assert.Equal(4, second.SubjectNotifications.Count);
        Assert.All(["pupil-1", "pupil-2", "pupil-3"], s => Assert.Contains(second.SubjectNotifications, n => n.SubjectId == s && n.Delivered));
        await Register.NotifySubjectsAsync(incident.Id);
        Assert.Equal(4, _notifier.Calls.Count);
    }

    [Fact]
    public async Task NotifySubjects_NotifierThrowsForOne_TheDeliveredAreSaved_AndARetryNeverNotifiesThemAgain()
    {
        var incident = await Register.RegisterAsync(Report(_time.GetUtcNow().AddMinutes(-30)));
        _notifier.Throwing.Add("pupil-2");

        await Assert.ThrowsAsync<HttpRequestException>(async () => await Register.NotifySubjectsAsync(incident.Id));

        var saved = await Register.GetAsync(incident.Id);
        Assert.Equal([("pupil-1", true)], saved!.SubjectNotifications.Select(n => (n.SubjectId, n.Delivered)));

        _notifier.Throwing.Clear();
        var retried = await Register.NotifySubjectsAsync(incident.Id);

        Assert.Equal(["pupil-1", "pupil-2", "pupil-2", "pupil-3"], _notifier.Calls);
        Assert.Equal([("pupil-1", true), ("pupil-2", true), ("pupil-3", true)], retried.SubjectNotifications.Select(n => (n.SubjectId, n.Delivered)));
        Assert.Equal(retried.SubjectNotifications, (await Register.GetAsync(incident.Id))!.SubjectNotifications);
    }

    [Fact]
    public async Task BadReports_AreRefusedWithoutEchoingPersonalData()
    {
        Assert.True(Iin.Create(new DateOnly(2010, 9, 9), Sex.Female, 33, out var iin));

        var withIin = await Assert.ThrowsAsync<ArgumentException>(async () => await Register.RegisterAsync(Report(_time.GetUtcNow()).WithSubjects(iin.ToString())));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Register.RegisterAsync(Report(_time.GetUtcNow().AddMinutes(1))));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Register.RegisterAsync(new BreachReport { DiscoveredAt = _time.GetUtcNow(), Description = " ", ReportedBy = "dpo" }));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Register.RecordAuthorityNotificationAsync(Guid.NewGuid(), "x"));

        Assert.DoesNotContain(iin.ToString(), withIin.Message, StringComparison.Ordinal);
    }

    private static BreachReport Report(DateTimeOffset discovered) => new()
    {
        DiscoveredAt = discovered,
        Description = "A backup of the assessment database was readable from the internet for two hours.",
        DataCategories = ["full-name", "assessment-result"],
        AffectedSubjects = ["pupil-1", "pupil-2", "pupil-3"],
        ReportedBy = "dpo-1",
    };

    private sealed class RecordingNotifier : IBreachNotifier
    {
        public List<string> Calls { get; } = [];

        public HashSet<string> Failing { get; } = [];

        public HashSet<string> Throwing { get; } = [];

        public ValueTask<bool> NotifyAsync(BreachIncident incident, string subjectId, CancellationToken cancellationToken)
        {
            Calls.Add(subjectId);
            if (Throwing.Contains(subjectId))
            {
                throw new HttpRequestException("The SMS gateway is down.");
            }

            return ValueTask.FromResult(!Failing.Contains(subjectId));
        }
    }
}

internal static class BreachReportExtensions
{
    public static BreachReport WithSubjects(this BreachReport report, params string[] subjects) => new()
    {
        DiscoveredAt = report.DiscoveredAt,
        Description = report.Description,
        DataCategories = report.DataCategories,
        AffectedSubjects = subjects,
        ReportedBy = report.ReportedBy,
    };
}
