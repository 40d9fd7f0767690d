using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Issue 26, point 5: a subject binding refuses an IIN-shaped id as erasure does, so no IIN reaches a key store as an id.</summary>
public sealed class FieldContextSubjectTests
{
    private static readonly string Generated = Make(new DateOnly(2011, 5, 17), 4321);

    [Theory]
    [InlineData("{0}")]
    [InlineData("IIN{0}")]
    [InlineData("{1}")]
    [InlineData("pupil {0}")]
    public void WithSubject_IinShapedId_IsArgumentException_WithoutTheIin(string template)
    {
        var id = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Generated, Generated[..6] + "-" + Generated[6..]);
        var context = FieldContext.For("Student", "Iin");

        var error = Assert.Throws<ArgumentException>(() => context.WithSubject(id));

        Assert.Equal("subjectId", error.ParamName);
        Assert.DoesNotContain(Generated[..6], error.Message, StringComparison.Ordinal);

        // Erasure refuses the same ids the same way.
        Assert.Throws<ArgumentException>(() => HrPlus.Privacy.Consent.ConsentGiver.Representative(id, HrPlus.Privacy.Consent.RepresentativeRelationship.Parent));
    }

    [Fact]
    public void WithSubject_OpaqueIds_AreStillBound()
    {
        var context = FieldContext.For("Student", "Iin");

        Assert.Equal("pupil-42", context.WithSubject("pupil-42").SubjectId);
        Assert.Equal("0190a5c4-0000-7000-8000-000000000000", context.WithSubject("0190a5c4-0000-7000-8000-000000000000").SubjectId);
    }

    private static string Make(DateOnly birth, int serial)
    {
        for (var s = serial; ; s++)
        {
            if (Iin.Create(birth, Sex.Male, s, out var iin))
            {
                return iin.ToString();
            }
        }
    }
}
