using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FieldContextTests
{
    // Built in code: xUnit's theory data serialization would turn lone surrogates into U+FFFD before the test saw them.
    private static readonly string[] LoneSurrogates = ["\uD800", "a\uDC00", "\uDBFFb", "x\uDC00\uD800"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BindingsAndNames_WithALoneSurrogate_AreRefused(int which)
    {
        var invalid = LoneSurrogates[which];
        var context = FieldContext.For("Student", "Iin");

        // On main these were accepted and encoded with U+FFFD, so "a\uDC00" and "a\uDC01" bound the same data.
        Assert.Equal("rowKey", Assert.Throws<ArgumentException>(() => context.WithRow(invalid)).ParamName);
        Assert.Equal("subjectId", Assert.Throws<ArgumentException>(() => context.WithSubject(invalid)).ParamName);
        Assert.Equal("entity", Assert.Throws<ArgumentException>(() => FieldContext.For(invalid, "Iin")).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentException>(() => FieldContext.For("Student", invalid)).ParamName);
    }

    [Fact]
    public void BindingsAndNames_WithSurrogatePairs_AreAccepted_AndDistinctIdsBindDistinctData()
    {
        var context = FieldContext.For("Оқушы😀", "Аты");
        var a = context.WithSubject("pupil-😀");
        var b = context.WithSubject("pupil-😁");

        Assert.Equal("pupil-😀", a.SubjectId);
        Assert.False(a.AssociatedDataTail.SequenceEqual(b.AssociatedDataTail));
    }

    [Fact]
    public void RowKeys_ThatJoinTheSameWay_BindDifferentData()
    {
        var context = FieldContext.For("Enrolment", "Note");

        // Each part is length-prefixed, so no choice of separator inside a key makes two rows collide.
        Assert.False(context.WithRow("a|b").AssociatedDataTail.SequenceEqual(context.WithRow("a").AssociatedDataTail));
        Assert.False(FieldContext.For("a", "bc").AssociatedDataTail.SequenceEqual(FieldContext.For("ab", "c").AssociatedDataTail));
    }
}
