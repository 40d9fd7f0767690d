using System.Collections.Concurrent;
using System.Diagnostics;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.EntityFrameworkCore.Tests.Diagnostics;

/// <summary>The "HrPlus.Privacy" activity source: spans of store operations and erasure steps, with no personal value in a tag.</summary>
public sealed class PrivacyActivityTests : IDisposable
{
    private readonly SqliteProvider _database = new();
    private readonly DirectoryInfo _dataProtectionKeys = Directory.CreateTempSubdirectory("hrplus-dp-");

    public void Dispose()
    {
        _database.Dispose();
        _dataProtectionKeys.Delete(recursive: true);
    }

    [Fact]
    public async Task Erasure_SpansEachStepAndTheStoreOperations_WithoutTheSubjectInAnyTag()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(_dataProtectionKeys).SetApplicationName("hrplus-activity-tests");
        _database.AddContext(services);
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(_dataProtectionKeys.FullName, "epoch-keys"); }).UseEntityFrameworkCoreStores<TestDbContext>();
        _database.EnsureCreated();
        await using var app = services.BuildServiceProvider();
        _ = app.GetRequiredService<IFieldEncryptor>().Encrypt("100412500013", FieldContext.For("Pupil", "Iin").WithSubject("pupil-77"));

        // The listener is process-wide and other tests erase at the same time: only this test's trace is kept.
        var stopped = new ConcurrentQueue<Activity>();
        using var testSource = new ActivitySource("HrPlus.Privacy.Tests.Erasure");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "HrPlus.Privacy" or "HrPlus.Privacy.Tests.Erasure",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var test = testSource.StartActivity("erasure test")!)
        {
            trace = test.TraceId;
            await app.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = "pupil-77", ErasedBy = "operator-1", Reason = "subject request" });
        }

        var activities = stopped.Where(a => a.TraceId == trace && a.Source.Name == "HrPlus.Privacy").ToList();
        var names = activities.Select(a => a.OperationName).ToList();
        Assert.Equal(
            ["hrplus.privacy.erasure.audit", "hrplus.privacy.erasure.keys", "hrplus.privacy.erasure.access_log"],
            names.Where(n => n.StartsWith("hrplus.privacy.erasure.", StringComparison.Ordinal)));
        Assert.Contains("hrplus.privacy.store.audit.append", names);
        Assert.Contains("hrplus.privacy.store.keys.try_update", names);
        Assert.Contains("hrplus.privacy.store.erasures.save", names);
        var erasureKeys = activities.Single(a => a.OperationName == "hrplus.privacy.erasure.keys");
        Assert.Contains(activities, a => a.OperationName == "hrplus.privacy.store.keys.try_update" && a.Parent == erasureKeys);
        Assert.DoesNotContain(activities.SelectMany(a => a.TagObjects), t => t.Value is string s && s.Contains("pupil-77", StringComparison.Ordinal));
    }
}
