using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.Reporting;
using IamSnapshot.Tests.Support;
using Json.Schema;

namespace IamSnapshot.Tests.Reporting;

public class HistoryReportTests
{
    [Fact]
    public void GoldenJsonHistory_ValidatesAgainstHistorySchema()
    {
        Validate(File.ReadAllText(Repo.File("tests", "TestData", "golden", "history.json")));
    }

    [Fact]
    public void Json_History_ValidatesAgainstHistorySchema()
    {
        var json = ReportWriter.WriteToString(ReportFixtures.SampleHistory(), ReportFormat.Json);
        Validate(json);

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("steps").GetArrayLength().Should().Be(2);
        document.RootElement.GetProperty("snapshots").GetArrayLength().Should().Be(3);
        document.RootElement.GetProperty("summary").GetProperty("findings").GetInt32().Should().Be(ReportFixtures.SampleHistory().Steps.Sum(s => s.Findings.Length));
    }

    private static void Validate(string json)
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        options.SchemaRegistry.Register(JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "report.schema.json"))));
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "history.schema.json")));
        var result = schema.Evaluate(JsonNode.Parse(json), options);
        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10);
        result.IsValid.Should().BeTrue(string.Join("\n", errors));
    }

    [Fact]
    public void Json_History_StepsCarryTheirOwnChangesAndFindings()
    {
        var history = ReportFixtures.SampleHistory();
        using var document = JsonDocument.Parse(ReportWriter.WriteToString(history, ReportFormat.Json));
        var steps = document.RootElement.GetProperty("steps").EnumerateArray().ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i].GetProperty("changes").GetArrayLength().Should().Be(history.Steps[i].Diff.Changes.Length);
            steps[i].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("fingerprint").GetString())
                .Should().Equal(history.Steps[i].Findings.Select(f => f.Fingerprint));
        }
    }

    [Fact]
    public void Markdown_And_Html_History_ShowEveryStep()
    {
        var history = ReportFixtures.SampleHistory();
        var md = ReportWriter.WriteToString(history, ReportFormat.Markdown);
        var html = ReportWriter.WriteToString(history, ReportFormat.Html);

        md.Should().Contain("### before.json -&gt; after.json: " + MarkupReportTests.Headline(history.Steps[0])).And.Contain("### after.json -&gt; before.json: ");
        html.Should().Contain("<section class=\"step\" data-step=\"before.json -&gt; after.json\">").And.Contain("<section class=\"step\" data-step=\"after.json -&gt; before.json\">");
        html.Should().Contain("<select name=\"step\">");
    }
}
