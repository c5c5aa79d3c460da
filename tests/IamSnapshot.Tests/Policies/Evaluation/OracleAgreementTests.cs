using System.Text.Json;
using IamSnapshot.Policies;
using IamSnapshot.Policies.Evaluation;

namespace IamSnapshot.Tests.Policies.Evaluation;

/// <summary>
/// Agreement with the reference policy simulator on the committed cases of tools/oracle (generated once by
/// that script; the tests never run Node).
/// </summary>
public class OracleAgreementTests
{
    private static readonly string OracleFolder = Path.Combine(AppContext.BaseDirectory, "TestData", "oracle");

    [Fact]
    public void Evaluate_EveryOracleCase_AgreesWithSimulator()
    {
        var excluded = LoadExclusions();
        var total = 0;
        var failures = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(OracleFolder, "cases.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var group = JsonDocument.Parse(line);
            var root = group.RootElement;
            var id = root.GetProperty("id").GetInt32();
            var identity = root.GetProperty("identity").EnumerateArray().Select(p => PolicyDocument.Parse(p.GetRawText())).ToList();
            List<PolicyDocument>? boundary = root.GetProperty("boundary").ValueKind == JsonValueKind.Array
                ? root.GetProperty("boundary").EnumerateArray().Select(p => PolicyDocument.Parse(p.GetRawText())).ToList()
                : null;
            var index = 0;
            foreach (var request in root.GetProperty("requests").EnumerateArray())
            {
                var key = $"{id}/{index++}";
                if (excluded.Contains(key))
                {
                    continue;
                }

                total++;
                var action = request.GetProperty("action").GetString()!;
                var resource = request.GetProperty("resource").GetString()!;
                var expected = Enum.Parse<Decision>(request.GetProperty("decision").GetString()!);
                var actual = PolicyEvaluator.Default.Evaluate(identity, boundary, action, resource);
                if (actual.Decision != expected || actual.IsConditional)
                {
                    failures.Add($"case {key}: {action} on {resource}: expected {expected}, got {actual}");
                }
            }
        }

        total.Should().BeGreaterThanOrEqualTo(5_000, "the oracle data must hold at least 5,000 cases");
        failures.Should().BeEmpty($"all {total} oracle cases must agree; first disagreements:\n{string.Join('\n', failures.Take(25))}");
    }

    private static HashSet<string> LoadExclusions()
    {
        var path = Path.Combine(OracleFolder, "exclusions.json");
        if (!File.Exists(path))
        {
            return [];
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateArray().Select(e =>
        {
            e.GetProperty("reason").GetString().Should().NotBeNullOrWhiteSpace("every exclusion needs a reason");
            return e.GetProperty("case").GetString()!;
        }).ToHashSet(StringComparer.Ordinal);
    }
}
