using System.Text;
using HrPlus.Privacy.Depersonalization;
using HrPlus.Privacy.Tool.Reports;

namespace HrPlus.Privacy.Tool.Tests.Reports;

/// <summary>The schema file parser of <c>report anonymize</c>, with hostile input.</summary>
public sealed class SchemaFileTests
{
    private static readonly Func<string, IReadOnlyDictionary<string, string>> Trees = file =>
        file == "districts.csv" ? new Dictionary<string, string> { ["Almaly"] = "Almaty", ["Bostandyk"] = "Almaty" } : throw new FileNotFoundException(file);

    [Fact]
    public void Parse_EveryRoleAndHierarchy_BuildsTheSchema()
    {
        var schema = Parse("""
            { "columns": [
              { "name": "Id", "role": "direct", "handling": "pseudonymize", "subjectId": true },
              { "name": "FullName", "role": "direct" },
              { "name": "BirthDate", "role": "quasi", "hierarchy": "birthDate" },
              { "name": "Age", "role": "quasi", "hierarchy": { "intervals": [5, 10] } },
              { "name": "District", "role": "quasi", "hierarchy": { "tree": "districts.csv" } },
              { "name": "Anxiety", "role": "sensitive", "order": ["low", "medium", "high"] },
              { "name": "Term", "role": "insensitive" } ] }
            """);

        Assert.Equal(["Id", "FullName", "BirthDate", "Age", "District", "Anxiety", "Term"], schema.Columns.Select(c => c.Name));
        Assert.Equal(
            [ColumnRole.DirectIdentifier, ColumnRole.DirectIdentifier, ColumnRole.QuasiIdentifier, ColumnRole.QuasiIdentifier, ColumnRole.QuasiIdentifier, ColumnRole.Sensitive, ColumnRole.Insensitive],
            schema.Columns.Select(c => c.Role));
        Assert.True(schema.Columns[0].IsSubjectId);
        Assert.Equal(DirectIdentifierHandling.Pseudonymize, schema.Columns[0].Handling);
        Assert.Equal("Almaty", schema.Columns[4].Hierarchy!.Generalize("Almaly", 1));
        Assert.True(schema.Columns[5].Order!.Compare("low", "high") < 0);
    }

    [Theory]
    [InlineData("not json", "is not JSON")]
    [InlineData("[]", "has no \"columns\" array")]
    [InlineData("{\"columns\": []}", "has no \"columns\" array")]
    [InlineData("{\"columns\": [1]}", "has column 1 that is not an object")]
    [InlineData("{\"columns\": [{\"role\": \"direct\"}]}", "has column 1 without a name")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"direct\", \"evil\": 1}]}", "has an unknown property 'evil' in column 1")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"direct\"}, {\"name\": \"A\", \"role\": \"direct\"}]}", "names column 'A' twice")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"boss\"}]}", "has a role of column 'A' other than")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"direct\", \"handling\": \"keep\"}]}", "other than drop or pseudonymize")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"direct\", \"subjectId\": \"yes\"}]}", "is not true or false")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\"}]}", "without a hierarchy")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": \"zodiac\"}]}", "names an unknown hierarchy")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": {\"intervals\": [10, 5]}}]}", "not increasing whole numbers")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": {\"intervals\": [0]}}]}", "not increasing whole numbers")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": {\"intervals\": []}}]}", "is neither a name nor")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": {\"tree\": \"../../etc/passwd\"}}]}", "outside the schema's folder")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"quasi\", \"hierarchy\": {\"tree\": \"/etc/passwd\"}}]}", "outside the schema's folder")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"sensitive\", \"order\": [\"x\", \"x\"]}]}", "appears twice")]
    [InlineData("{\"columns\": [{\"name\": \"A\", \"role\": \"sensitive\", \"order\": \"x\"}]}", "not a list of 1 to 10000 values")]
    [InlineData("{\"columns\": [[[[[[[[[[[[1]]]]]]]]]]]]}", "is not JSON")]
    public void Parse_HostileInput_IsRefusedWithBadInput(string json, string message)
    {
        var error = Assert.Throws<ToolException>(() => Parse(json));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("value,parent\na,b\nb,a\n", "has a cycle")]
    [InlineData("value,parent\na,b\na,c\n", "gives a second parent on line 3")]
    [InlineData("child,parent\na,b\n", "must have the header 'value,parent'")]
    [InlineData("value,parent\n,b\n", "has an empty value or parent on line 2")]
    [InlineData("value,parent\na,b,c\n", "line 2 has 3 fields where the header has 2")]
    [InlineData("value,parent\n\"a,b\n", "has a quoted field that is never closed")]
    public void ParseTree_HostileInput_IsRefused(string csv, string message)
    {
        var error = Assert.Throws<ToolException>(() => SchemaFile.ParseTree(new StringReader(csv), "t.csv"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(message, error.Message);
    }

    private static DatasetSchema Parse(string json) => SchemaFile.Parse(Encoding.UTF8.GetBytes(json), "schema.json", Trees);
}
