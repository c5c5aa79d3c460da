using CsvHelper;
using IamSnapshot.Reporting;

namespace IamSnapshot.Tests.Reporting;

public class CsvReportTests
{
    [Fact]
    public void Csv_FormulaNames_AreEscapedSoNoSpreadsheetRunsThem()
    {
        var csv = ReportFixtures.Write(ReportFixtures.Hostile(), ReportFormat.Csv);
        var rows = Parse(csv);

        var formula = rows.Where(r => r["arn"].EndsWith(ReportFixtures.FormulaUser, StringComparison.Ordinal)).ToList();
        formula.Should().NotBeEmpty();
        formula.Should().OnlyContain(r => r["name"] == "'" + ReportFixtures.FormulaUser, "a field starting with = is prefixed with a quote");
        foreach (var row in rows)
        {
            row.Values.Should().NotContain(v => v.Length > 0 && "=+-@\t\r".Contains(v[0]), "no field may start like a formula");
        }
    }

    [Fact]
    public void Csv_Sample_HasOneRowPerFindingWithHeader()
    {
        var report = ReportFixtures.Sample;
        var csv = ReportFixtures.Write(report, ReportFormat.Csv);

        csv.Should().StartWith("severity,ruleId,title,entityType,name,arn,message,subject,propertyPath,kind,suppressed,justification,fingerprint\r\n");
        var rows = Parse(csv);
        rows.Select(r => r["fingerprint"]).Should().Equal(report.Findings.Select(f => f.Fingerprint));
        rows.Select(r => r["message"]).Should().Equal(report.Findings.Select(f => f.Message), "quotes and commas in messages survive the round trip");
    }

    [Fact]
    public void Csv_History_TagsEachRowWithItsStep()
    {
        var history = ReportFixtures.SampleHistory();
        var rows = Parse(ReportWriter.WriteToString(history, ReportFormat.Csv));

        rows.Should().HaveCount(history.Steps.Sum(s => s.Findings.Length));
        rows.Select(r => r["step"]).Distinct().Should().Equal("before.json -> after.json", "after.json -> before.json");
    }

    [Fact]
    public void Csv_Suppressed_CarriesJustification()
    {
        var rows = Parse(ReportFixtures.Write(ReportFixtures.Hostile(), ReportFormat.Csv));
        var suppressed = rows.Where(r => r["suppressed"] == "true").ToList();
        suppressed.Should().ContainSingle().Which["justification"].Should().Be(ReportFixtures.Justification);
    }

    private static List<Dictionary<string, string>> Parse(string csv)
    {
        // Read every record, the header included, with CsvHelper itself: what a consumer would see.
        using var reader = CsvReader.FromText(csv, CsvReaderOptions.Default with { HasHeader = false });
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        var header = records[0];
        return records.Skip(1).Select(r => header.Select((name, i) => (name, value: r[i])).ToDictionary(x => x.name, x => x.value)).ToList();
    }
}
