using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;

namespace HrPlus.Privacy.Tests.Subjects;

/// <summary><see cref="ErasureResult.BackupsUnreadableAfter"/>: the window in which a restored backup still holds the subject.</summary>
public sealed class ErasureBackupWindowTests
{
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    [Fact]
    public async Task Erase_StatesTheEndOfTheErasureEpochPlusRetention_AndAnErasureRepeatedLaterStatesTheSame()
    {
        using var host = new SubjectTestHost(configure: o =>
        {
            o.Encryption.SubjectKeyEpoch = TimeSpan.FromHours(12);
            o.Encryption.BackupRetention = TimeSpan.FromDays(14);
        });
        var start = host.Time.GetUtcNow();
        _ = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject("pupil-1"));
        host.Time.Advance(TimeSpan.FromHours(12)); // the ring's timer starts the second epoch at 12 h
        host.Time.Advance(TimeSpan.FromHours(1));

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request 2026-17" });

        Assert.Equal(1, result.KeysDestroyed);
        Assert.Equal(start.AddHours(24) + TimeSpan.FromDays(14), result.BackupsUnreadableAfter);

        // Twenty days of a running app, past the destruction of the erasure's epoch key. The fake clock runs a timer at the
        // end of each step, so the steps end where the ring's timer is due: at each epoch's end (04:00 and 16:00).
        host.Time.Advance(TimeSpan.FromHours(11));
        for (var step = 0; step < 40; step++)
        {
            host.Time.Advance(TimeSpan.FromHours(12));
        }

        Assert.Contains(
            await host.Shared.Keys.EpochKeys.GetAllAsync(CancellationToken.None),
            e => e.State == FieldKeyState.Destroyed && e.DestroyedAt == result.BackupsUnreadableAfter);
        var again = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request 2026-17" });
        Assert.Equal(result.BackupsUnreadableAfter, again.BackupsUnreadableAfter);
    }

    [Fact]
    public async Task Erase_WithoutPerSubjectKeys_StatesNoWindow()
    {
        var pupils = new PupilTable();
        pupils.Add("pupil-1", new PersonalDataRecord("pupil", "1", [new("full_name", "Әлихан Бекұлы")]));
        using var host = new SubjectTestHost(perSubjectKeys: false, sources: pupils);
        _ = host.Encryptor.Encrypt("Әлихан Бекұлы", PupilName.WithSubject("pupil-1"));

        var result = await host.Erasure.EraseAsync(new ErasureRequest { SubjectId = "pupil-1", ErasedBy = "operator-1", Reason = "request 2026-17" });

        Assert.Equal((0, (DateTimeOffset?)null), (result.KeysDestroyed, result.BackupsUnreadableAfter));
    }
}
