using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Tests.Support;
using Json.Schema;

namespace IamSnapshot.Tests.Reporting;

public class SarifReportTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(TestFiles.Path_("schemas", "sarif-schema-2.1.0.json"))));

    internal static void ValidateSarif(string sarif)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(sarif), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10);
        result.IsValid.Should().BeTrue(string.Join("\n", errors));
    }

    [Fact]
    public void Schema_RejectsAResultWithoutMessage()
    {
        var sarif = JsonNode.Parse(ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root))!;
        sarif["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        Schema.Value.Evaluate(sarif).IsValid.Should().BeFalse("the schema must be strict enough to catch a broken result");
    }

    [Fact]
    public void Sample_ValidatesAgainstSarif210Schema()
    {
        ValidateSarif(ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root));
    }

    [Theory]
    [InlineData("sample-diff.sarif")]
    [InlineData("history.sarif")]
    public void GoldenSarif_ValidatesAgainstSarif210Schema(string golden)
    {
        ValidateSarif(File.ReadAllText(Repo.File("tests", "TestData", "golden", golden)));
    }

    [Fact]
    public void Hostile_WithSuppression_ValidatesAndCarriesExternalSuppression()
    {
        var sarif = ReportFixtures.Write(ReportFixtures.Hostile(), ReportFormat.Sarif);
        ValidateSarif(sarif);

        using var document = JsonDocument.Parse(sarif);
        var suppressed = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("suppressions", out _)).ToList();
        suppressed.Should().ContainSingle();
        var suppression = suppressed[0].GetProperty("suppressions")[0];
        suppression.GetProperty("kind").GetString().Should().Be("external");
        suppression.GetProperty("justification").GetString().Should().Be(ReportFixtures.Justification);
    }

    [Fact]
    public void Sample_EveryResultPointsAtItsEntityLineInTheAfterSnapshot()
    {
        var sarif = ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root);
        var afterLines = File.ReadAllLines(Repo.File("samples", "data", "after.json"));

        using var document = JsonDocument.Parse(sarif);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(ReportFixtures.Sample.Findings.Length);
        foreach (var result in results)
        {
            var location = result.GetProperty("locations")[0];
            var physical = location.GetProperty("physicalLocation");
            physical.GetProperty("artifactLocation").GetProperty("uri").GetString().Should().Be("samples/data/after.json");
            var arn = location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()!;
            location.GetProperty("logicalLocations")[0].GetProperty("kind").GetString().Should().Be("resource");
            var line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
            afterLines[line - 1].Trim().Should().Be($"\"arn\": \"{arn}\",", $"the result for {arn} must point at the entity, not an attachment naming it");
        }
    }

    [Fact]
    public void RemovedEntity_PointsAtLineOne()
    {
        var history = ReportFixtures.SampleHistory();
        var sarif = ReportWriter.WriteToString(history, ReportFormat.Sarif, new ReportOptions { SourceRoot = Repo.Root });
        ValidateSarif(sarif);

        using var document = JsonDocument.Parse(sarif);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var backStep = results.Where(r => r.GetProperty("properties").GetProperty("step").GetString() == "after.json -> before.json").ToList();
        backStep.Should().NotBeEmpty();
        // svc-backup-sync exists only in after.json: going back, it is removed and has no line in before.json.
        var removed = ReportFixtures.Sample.Findings.Select(f => f.Arn).Where(a => a.EndsWith("/svc-backup-sync", StringComparison.Ordinal)).ToHashSet();
        foreach (var result in backStep)
        {
            var location = result.GetProperty("locations")[0];
            location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().Should().Be("samples/data/before.json");
            if (removed.Contains(location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()!))
            {
                location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().Should().Be(1);
            }
        }

        results.Select(r => r.GetProperty("properties").GetProperty("step").GetString()).Distinct()
            .Should().BeEquivalentTo(["before.json -> after.json", "after.json -> before.json"]);
    }

    [Fact]
    public void Rules_CarryHelpLevelSecuritySeverityAndTags()
    {
        using var document = JsonDocument.Parse(ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root));
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("id").GetString()).Should().BeEquivalentTo(RuleEngine.Default.Descriptors.Select(d => d.Id), o => o.WithStrictOrdering());
        foreach (var (rule, descriptor) in rules.Zip(RuleEngine.Default.Descriptors))
        {
            rule.GetProperty("shortDescription").GetProperty("text").GetString().Should().Be(descriptor.Title);
            rule.GetProperty("fullDescription").GetProperty("text").GetString().Should().Be(descriptor.Description);
            rule.GetProperty("helpUri").GetString().Should().Be($"https://github.com/iamsnapshot/iamsnapshot/blob/main/docs/rules/{descriptor.Id}.md");
            var expected = descriptor.DefaultSeverity switch { Severity.Critical => "9.5", Severity.High => "8.0", Severity.Medium => "5.5", Severity.Low => "3.0", _ => null };
            var properties = rule.GetProperty("properties");
            if (expected is null)
            {
                properties.TryGetProperty("security-severity", out _).Should().BeFalse("info findings are notes, not security alerts");
            }
            else
            {
                properties.GetProperty("security-severity").GetString().Should().Be(expected);
            }

            properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Contain("security");
            rule.GetProperty("defaultConfiguration").GetProperty("level").GetString().Should().Be(descriptor.DefaultSeverity switch
            {
                Severity.Critical or Severity.High => "error",
                Severity.Medium => "warning",
                _ => "note",
            });
        }

        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            rules[index].GetProperty("id").GetString().Should().Be(result.GetProperty("ruleId").GetString());
            result.GetProperty("partialFingerprints").GetProperty("iamsnapshot/v1").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
        }

        run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().Should().BeTrue();
        run.GetProperty("automationDetails").GetProperty("id").GetString().Should().Be("iamsnapshot/diff/444455556666/");
    }

    [Fact]
    public void Fingerprints_AreStableAcrossRuns()
    {
        var first = ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root);
        var second = ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Sarif, Repo.Root);
        second.Should().Be(first);
    }

    [Fact]
    public void IndexLines_CountsOnlyEntityKeys_AndSurvivesBomAndGarbage()
    {
        var json = "\uFEFF{\n  \"users\": [\n    {\n      \"arn\": \"u1\",\n      \"attachedPolicies\": [ { \"arn\": \"p1\" } ]\n    }\n  ],\n  \"policies\": [\n    {\n      \"arn\": \"p1\"\n    }\n  ]\n}";
        var lines = SnapshotLocator.IndexLines(System.Text.Encoding.UTF8.GetBytes(json));
        lines.Should().BeEquivalentTo(new Dictionary<string, int> { ["u1"] = 4, ["p1"] = 10 });
        SnapshotLocator.IndexLines("{\"users\": [ {\"arn\": \"a\"}, {\"arn\": "u8).Should().ContainKey("a");
    }
}
