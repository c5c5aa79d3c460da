using System.Text;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Rules.BuiltIn;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Docs;

/// <summary>Release tracking in the manner of Roslyn analyzers: every rule documented, ids unique and never reused.</summary>
public class RuleDocsTests
{
    private static IEnumerable<RuleDescriptor> AllDescriptors =>
        RuleEngine.Default.Descriptors.Concat(BuiltInRules.EngineDescriptors);

    [Fact]
    public void Descriptors_HaveUniqueIdsInTheirCategoryRange()
    {
        AllDescriptors.Select(d => d.Id).Should().OnlyHaveUniqueItems();
        foreach (var descriptor in AllDescriptors)
        {
            descriptor.Id[3].Should().Be((char)('0' + (int)descriptor.Category), $"{descriptor.Id} is in category {descriptor.Category}");
            descriptor.Description.Length.Should().BeGreaterThan(100, $"{descriptor.Id} explains why, how to fix and how to suppress");
        }
    }

    [Fact]
    public void ShippedIds_AreNeverRemoved()
    {
        var path = Repo.File("docs", "rules", "shipped-ids.txt");
        var current = AllDescriptors.Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
        if (Repo.UpdateGolden)
        {
            var existing = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.StartsWith("IAM", StringComparison.Ordinal)) : [];
            File.WriteAllLines(path, ["# Every rule id ever shipped. Ids are never reused; a replaced rule is deprecated, not removed.", .. existing.Union(current).Order(StringComparer.Ordinal)]);
        }

        var shipped = File.ReadAllLines(path).Where(l => l.StartsWith("IAM", StringComparison.Ordinal)).ToList();
        current.Should().BeSubsetOf(shipped, "a new rule id must be added to docs/rules/shipped-ids.txt");
        shipped.Should().BeSubsetOf(current, "a shipped rule id must stay in the catalog (deprecate it instead of deleting it)");
    }

    [Fact]
    public void EveryRule_HasAnUpToDateDocPage()
    {
        foreach (var descriptor in AllDescriptors)
        {
            var path = Repo.File("docs", "rules", descriptor.Id + ".md");
            var expected = Render(descriptor);
            if (Repo.UpdateGolden)
            {
                File.WriteAllText(path, expected);
            }

            File.Exists(path).Should().BeTrue($"{descriptor.Id} needs docs/rules/{descriptor.Id}.md");
            File.ReadAllText(path).Should().Be(expected, $"docs/rules/{descriptor.Id}.md is generated from the descriptor (UPDATE_GOLDEN=1 rewrites it)");
        }
    }

    internal static string Render(RuleDescriptor d)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(d.Id).Append(": ").Append(d.Title).Append("\n\n");
        if (d.DeprecatedBy is not null)
        {
            text.Append("> Deprecated: replaced by [").Append(d.DeprecatedBy).Append("](").Append(d.DeprecatedBy).Append(".md). The id is never reused.\n\n");
        }

        text.Append("| | |\n|---|---|\n");
        text.Append("| Category | ").Append(d.Category).Append(" |\n");
        text.Append("| Kind | ").Append(Names.Of(d.Kind)).Append(" |\n");
        text.Append("| Default severity | ").Append(Names.Of(d.DefaultSeverity)).Append(" |\n");
        text.Append("| Enabled by default | ").Append(d.IsEnabledByDefault ? "yes" : "no").Append(" |\n\n");
        text.Append("## Message\n\n`").Append(d.MessageFormat).Append("`\n\n");
        text.Append("## Description\n\n").Append(d.Description).Append("\n\n");
        text.Append("## Suppressing\n\nIn `iamsnapshot.json` (never beside the snapshots):\n\n```json\n");
        text.Append("{\n  \"suppressions\": [\n    { \"ruleId\": \"").Append(d.Id).Append("\", \"arn\": \"arn:aws:iam::111122223333:*\", \"justification\": \"why this is accepted\", \"expires\": \"2027-06-30\" }\n  ]\n}\n```\n\n");
        text.Append("or change its severity (`\"severity\": { \"").Append(d.Id).Append("\": \"low\" }`, `\"none\"` disables it).\n");
        return text.ToString();
    }
}
