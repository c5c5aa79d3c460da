using System.Text.Json.Nodes;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;
using Json.Schema;

namespace IamSnapshot.Tests.Docs;

public class SchemaTests
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    [Theory]
    [InlineData("samples/data/before.json")]
    [InlineData("samples/data/after.json")]
    [InlineData("tests/TestData/snapshots/schema-v1.json")]
    public void SavedSnapshots_ValidateAgainstPublishedSchema(string file)
    {
        Validate("snapshot.schema.json", System.IO.File.ReadAllText(Repo.File(file.Split('/'))));
    }

    [Fact]
    public async Task FreshlyWrittenSnapshot_ValidatesAgainstPublishedSchema()
    {
        foreach (var dump in TestFiles.AllAuthz)
        {
            var bytes = SnapshotFile.ToBytes(await SnapshotFile.LoadAsync(dump));
            Validate("snapshot.schema.json", System.Text.Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void GoldenJsonReport_ValidatesAgainstPublishedSchema()
    {
        Validate("report.schema.json", System.IO.File.ReadAllText(Repo.File("tests", "TestData", "golden", "sample-diff.json")));
    }

    [Fact]
    public void Schema_RejectsAWrongDocument()
    {
        var schema = JsonSchema.FromText(System.IO.File.ReadAllText(Repo.File("docs", "snapshot.schema.json")));
        schema.Evaluate(JsonNode.Parse("""{"schemaVersion": 2, "metadata": {}}"""), Options).IsValid.Should().BeFalse();
    }

    private static void Validate(string schemaFile, string json)
    {
        var schema = JsonSchema.FromText(System.IO.File.ReadAllText(Repo.File("docs", schemaFile)));
        var result = schema.Evaluate(JsonNode.Parse(json), Options);
        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10);
        result.IsValid.Should().BeTrue(string.Join("\n", errors));
    }
}

public class ConfigSchemaTests
{
    [Fact]
    public void SampleConfig_ValidatesAgainstSchema_AndLoads()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "config.schema.json")));
        var text = File.ReadAllText(Repo.File("samples", "config", "iamsnapshot.json"));
        schema.Evaluate(JsonNode.Parse(text), new EvaluationOptions { RequireFormatValidation = true }).IsValid.Should().BeTrue();

        var config = IamSnapshot.Rules.Configuration.RuleConfiguration.Parse(text, "iamsnapshot.json");
        new IamSnapshot.Rules.RuleEngineBuilder().AddBuiltInRules().WithConfiguration(config).Build().EffectiveSeverity("IAM4007").Should().BeNull();
    }

    [Fact]
    public void Schema_RejectsSuppressionWithoutJustification()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Repo.File("docs", "config.schema.json")));
        schema.Evaluate(JsonNode.Parse("""{"suppressions":[{"ruleId":"IAM1001","arn":"*"}]}""")).IsValid.Should().BeFalse();
    }
}
