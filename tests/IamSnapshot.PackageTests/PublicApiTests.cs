using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.PackageTests;

/// <summary>Uses only the public API of the packed IamSnapshot package, as a consumer would.</summary>
public class PublicApiTests
{
    private static string Sample(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "samples", "data", name);
    }

    [Fact]
    public async Task QuickStart_FromTheReadme_FindsThePlantedChanges()
    {
        var before = await SnapshotFile.LoadAsync(Sample("before.json"));
        var after = await SnapshotFile.LoadAsync(Sample("after.json"));
        var diff = SnapshotDiffer.Compare(before, after);
        var findings = RuleEngine.Default.Analyze(diff);
        var report = new DiffReport { Diff = diff, Findings = findings };
        var text = ReportWriter.WriteToString(report, ReportFormat.Text);

        Assert.Contains(findings, f => f.RuleId == "IAM2001" && f.Severity == Severity.Critical);
        Assert.Contains("IAM1002", text);
        Assert.Contains(diff.Changes, c => c.Kind == ChangeKind.Recreated && c.EntityType == EntityKind.User);
    }

    [Fact]
    public void CustomRule_PlugsIntoTheBuilder()
    {
        var engine = new RuleEngineBuilder().AddBuiltInRules().AddRule(new EveryChangeRule()).WithSeverity("IAM4002", null).Build();
        Assert.Contains(engine.Descriptors, d => d.Id == "IAM9100");
        Assert.Null(engine.EffectiveSeverity("IAM4002"));
    }

    private sealed class EveryChangeRule : ChangeRule
    {
        public override RuleDescriptor Descriptor { get; } = new("IAM9100", "Any change", "{0} changed", RuleCategory.Inventory, RuleKind.Change, Severity.Info, "Reports every change; an example of a consumer's rule.");

        public override void Analyze(ChangeRuleContext context)
        {
            foreach (var change in context.Diff.Changes)
            {
                context.Report(change, "changed", null, change.Arn);
            }
        }
    }
}
