using HrPlus.Privacy.Depersonalization;

namespace HrPlus.Privacy.Tests.Depersonalization;

public sealed class DatasetTests
{
    [Fact]
    public void Constructor_BadColumns_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([]));
        Assert.Throws<ArgumentException>(() => new Dataset(["a", "a"]));
        Assert.Throws<ArgumentException>(() => new Dataset(["a", " "]));
    }

    [Fact]
    public void Add_WrongCountOrNull_IsRefusedAndRowsAreCopied()
    {
        var data = new Dataset(["a", "b"]);
        Assert.Throws<ArgumentException>(() => data.Add("1"));
        Assert.Throws<ArgumentException>(() => data.Add("1", null!));
        string[] row = ["1", "2"];
        data.Add(row);
        row[0] = "changed";
        Assert.Equal(["1", "2"], data.Rows[0]);
        Assert.Equal(1, data.RowCount);
    }

    [Fact]
    public void Schema_SameColumnTwice_IsRefused()
    {
        var schema = new DatasetSchema().Sensitive("a");
        Assert.Throws<ArgumentException>(() => schema.Insensitive("a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => schema.DirectIdentifier("b", (DirectIdentifierHandling)7));
        Assert.Single(schema.Columns);
    }
}
