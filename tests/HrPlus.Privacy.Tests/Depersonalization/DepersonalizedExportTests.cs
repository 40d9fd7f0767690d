using System.Text;
using System.Text.Json;
using HrPlus.Privacy.Depersonalization;
using static HrPlus.Privacy.Tests.Depersonalization.DepersonalizationFixtures;

namespace HrPlus.Privacy.Tests.Depersonalization;

public sealed class DepersonalizedExportTests
{
    [Fact]
    public void WriteCsv_Microdata_IsHeaderAndReleasedRows()
    {
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 });
        var csv = new StringWriter();
        DepersonalizedExport.WriteCsv(result, csv);
        var lines = csv.ToString().Split("\r\n");
        Assert.Equal("age,sex,score", lines[0]);
        Assert.Equal("", lines[^1]);
        Assert.Equal(
            ["\"[10, 15)\",F,3", "\"[10, 15)\",F,5", "\"[10, 15)\",M,2", "\"[10, 15)\",M,4", "\"[15, 20)\",F,1", "\"[15, 20)\",F,5"],
            lines[1..^1].Order(StringComparer.Ordinal));
        Assert.Equal(result.Rows.Select(r => DepersonalizedExport.Escape(r[0]) + "," + r[1] + "," + r[2]), lines[1..^1]); // the export keeps the release's order
    }

    [Fact]
    public void WriteReportCsv_SaysWhatWasGeneralizedAndSuppressed()
    {
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 });
        var csv = new StringWriter();
        DepersonalizedExport.WriteReportCsv(result, csv);
        Assert.Equal(
            "item,value\r\nmodel,k-anonymity(k=2)\r\ninput-rows,8\r\nreleased-rows,6\r\nsuppressed-rows,2\r\nclasses,3\r\nsmallest-class,2\r\n" +
            "metric,Discernibility\r\ndiscernibility,28\r\nheight,1\r\nrelative-height,0.25\r\nsuppression,Rows\r\nsuppressed-values,0\r\n" +
            "risk:prosecutor-max,0.5\r\nrisk:prosecutor-mean,0.5\r\nrisk:marketer,0.5\r\nrisk:threshold,0.2\r\nrisk:records-at-risk,1\r\n" +
            "level:age,1\r\nlevel:sex,0\r\n",
            csv.ToString());
    }

    [Fact]
    public void WriteJson_Microdata_HoldsReportColumnsAndRows()
    {
        var result = Run(Pupils(), PupilSchema(), new AnonymizationOptions { K = 2, MaxSuppression = 0.25 });
        using var stream = new MemoryStream();
        DepersonalizedExport.WriteJson(result, stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        var report = json.RootElement.GetProperty("report");
        Assert.Equal(2, report.GetProperty("suppressedRows").GetInt32());
        Assert.Equal(6, report.GetProperty("releasedRows").GetInt32());
        Assert.Equal(1, report.GetProperty("levels").GetProperty("age").GetInt32());
        Assert.Equal("k-anonymity(k=2)", report.GetProperty("modelsMet")[0].GetString());
        Assert.Equal(["age", "sex", "score"], json.RootElement.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(result.Rows[5][0], json.RootElement.GetProperty("rows")[5][0].GetString());
        Assert.Equal(0.5, report.GetProperty("risk").GetProperty("prosecutorMax").GetDouble());
        Assert.Equal(6, json.RootElement.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void WriteCsvAndJson_Aggregate_ShowHiddenCellsWithoutTheReason()
    {
        var data = new Dataset(["class", "band", "motivation"]);
        foreach (var (cls, band, count) in new[] { ("7A", "high", 2), ("7A", "low", 4), ("7B", "high", 2), ("7B", "low", 5) })
        {
            for (var i = 0; i < count; i++)
            {
                data.Add(cls, band, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        // Means: 7A (1+2 + 1+2+3+4) / 6, 7B (1+2 + 1+…+5) / 7, high (3 + 3) / 4, low (10 + 15) / 9, all 31 / 13.
        var report = Aggregator.Run(data, new AggregateRequest { RowColumn = "class", ColumnColumn = "band", MeanColumns = ["motivation"], K = 3 });
        var csv = new StringWriter();
        DepersonalizedExport.WriteCsv(report, csv);
        Assert.Equal(
            "row,column,count,mean:motivation,total\r\n7A,high,x,x,\r\n7A,low,x,x,\r\n7A,total,6,2.1667,row\r\n7B,high,x,x,\r\n7B,low,x,x,\r\n7B,total,7,2.5714,row\r\n" +
            "total,high,4,1.5,column\r\ntotal,low,9,2.7778,column\r\ntotal,total,13,2.3846,grand\r\n",
            csv.ToString());

        using var stream = new MemoryStream();
        DepersonalizedExport.WriteJson(report, stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("rimary", text, StringComparison.Ordinal);
        Assert.DoesNotContain("omplementary", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var first = json.RootElement.GetProperty("cells")[0];
        Assert.Equal("x", first.GetProperty("count").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("cells")[2].GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+7 701", "'+7 701")]
    [InlineData("-3", "-3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    public void Escape_CsvCell_QuotesAndDefusesFormulas(string value, string expected) =>
        Assert.Equal(expected, DepersonalizedExport.Escape(value));
}
