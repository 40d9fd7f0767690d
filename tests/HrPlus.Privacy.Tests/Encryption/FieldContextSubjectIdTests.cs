using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Subjects;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>An IIN never becomes a subject id: <see cref="FieldContext.WithSubject"/> refuses it as erasure does.</summary>
public sealed class FieldContextSubjectIdTests
{
    private static readonly FieldContext PupilName = FieldContext.For("Pupil", "FullName");

    public static TheoryData<string> IinShapedIds()
    {
        var iin = GeneratedIin(1);
        return [iin, "IIN" + iin, iin[..6] + "-" + iin[6..], "pupil " + iin];
    }

    [Theory]
    [MemberData(nameof(IinShapedIds))]
    public void WithSubject_IdHoldingAnIin_ThrowsArgumentException_LikeErasure(string id)
    {
        var refused = Assert.Throws<ArgumentException>(() => PupilName.WithSubject(id));
        Assert.Equal("subjectId", refused.ParamName);
        Assert.DoesNotContain(GeneratedIin(1), refused.Message, StringComparison.Ordinal);

        // The same check, shared: erasure refuses the same ids.
        using var host = new Subjects.SubjectTestHost();
        var erasure = Assert.Throws<AggregateException>(() => host.Erasure.EraseAsync(new ErasureRequest { SubjectId = id, ErasedBy = "operator-1", Reason = "request" }).AsTask().Wait());
        const string Refusal = "The id contains an IIN; use the host's opaque id for the person (the ledger never stores raw IINs).";
        Assert.Equal((Refusal, Refusal), (refused.Message[..Refusal.Length], Assert.IsType<ArgumentException>(erasure.InnerException).Message[..Refusal.Length]));
    }

    [Fact]
    public void WithSubject_GuidWhoseLastGroupReadsAsAnIin_IsAnOpaqueId_AndAccepted()
    {
        var id = "3f2504e0-4f89-11d3-9a0c-" + GeneratedIin(2);
        Assert.True(Guid.TryParseExact(id, "D", out _));

        var context = PupilName.WithSubject(id);

        Assert.Equal(id, context.SubjectId);
    }

    [Fact]
    public void WithSubject_OpaqueIds_AreAccepted()
    {
        Assert.Equal("pupil-1", PupilName.WithSubject("pupil-1").SubjectId);
        Assert.Equal("0F8FAD5B-D9CB-469F-A165-70867728950E", PupilName.WithSubject("0F8FAD5B-D9CB-469F-A165-70867728950E").SubjectId);
        Assert.Equal("12345", PupilName.WithSubject("12345").SubjectId);
    }

    [Fact]
    public void WithRow_IsUnchanged_ForRowKeysThatAreNotSubjects()
    {
        // Row keys are the host's primary keys; only the subject binding names a subject in the key store.
        Assert.Equal("42", PupilName.WithRow(42).RowKey);
    }

    private static string GeneratedIin(int n)
    {
        for (var serial = 1 + n; ; serial++)
        {
            if (Iin.Create(new DateOnly(2011, 3, 14).AddDays(n), n % 2 == 0 ? Sex.Male : Sex.Female, serial, out var iin))
            {
                return iin.ToString();
            }
        }
    }
}
