using System.Text.RegularExpressions;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Reporting;

public class MarkupReportTests
{
    private static readonly string[] HostileNames = [ReportFixtures.ImgUser, ReportFixtures.ScriptRole, ReportFixtures.FormulaUser, ReportFixtures.PipeUser];

    [Fact]
    public void Markdown_HostileNames_NeverBecomeMarkupOrBreakTables()
    {
        var md = ReportFixtures.Write(ReportFixtures.Hostile(), ReportFormat.Markdown);

        md.Should().NotContain("<img").And.NotContain("<script").And.NotContain("</script").And.NotContain("<b>CHG-1");
        md.Should().Contain("&lt;img src=x onerror=alert(1)&gt;");
        md.Should().Contain(@"\|pipe\|\`tick\`\*star\*\@here");
        foreach (var table in Tables(md))
        {
            var columns = UnescapedPipes(table[0]);
            table.Should().OnlyContain(row => UnescapedPipes(row) == columns, "an escaped name must never add a table column");
        }
    }

    [Fact]
    public void Markdown_Sample_HasSummaryFindingsBySeverityAndCollapsibleChanges()
    {
        var md = ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Markdown);
        var counts = ReportFixtures.Sample.CountsBySeverity;

        md.Should().StartWith("## IamSnapshot diff: " + Headline(ReportFixtures.Sample));
        md.Should().Contain($"| 🔴 Critical | {counts[Severity.Critical]} |").And.Contain($"#### 🟠 High ({counts[Severity.High]})").And.Contain("### Changes (10)");
        Regex.Count(md, "<details><summary>").Should().Be(ReportFixtures.Sample.Diff.Changes.Length);
        Regex.Count(md, "</details>").Should().Be(ReportFixtures.Sample.Diff.Changes.Length + Regex.Count(md, "<details>\n<summary>Access of "));
        md.Should().Contain("### Access delta (").And.Contain("| user svc-backup-sync | gained full access (22091 actions); lost nothing |");
        md.Should().Contain("```diff\n  - Allow sts:AssumeRole on * for AWS:arn:aws:sts::444455556666:assumed-role/")
            .And.Contain("  + Allow sts:AssumeRole on * for AWS:*\n");
    }

    [Fact]
    public void Markdown_OverBudget_StopsChangeDetailsAndSaysHowManyWereLeftOut()
    {
        using var writer = new StringWriter();
        new MarkdownReportWriter(writer, detailsBudget: 1).Write(new ReportInput(ReportFixtures.Sample, null));
        var md = writer.ToString();

        Regex.Count(md, "<details><summary>").Should().Be(0);
        md.Should().Contain($"*{ReportFixtures.Sample.Diff.Changes.Select(c => c.Arn).Distinct().Count()} more changed entities are not shown here");
        md.Should().Contain($"#### 🔴 Critical ({ReportFixtures.Sample.CountsBySeverity[Severity.Critical]})", "findings are always shown in full");
        ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Markdown).Length.Should().BeLessThan(MarkdownReportWriter.DetailsBudget);
    }

    [Fact]
    public void Markdown_Fence_IsLongerThanAnyBacktickRunInside()
    {
        Markup.Fence("a ``` b").Should().Be("````");
        Markup.Fence("plain").Should().Be("```");
    }

    [Fact]
    public void Html_HostileNames_AreEscapedEverywhere_AndCannotEndTheScript()
    {
        var html = ReportFixtures.Write(ReportFixtures.Hostile(), ReportFormat.Html);

        Regex.Count(html, "<script", RegexOptions.IgnoreCase).Should().Be(1, "only the report's own script element");
        Regex.Count(html, "</script", RegexOptions.IgnoreCase).Should().Be(1);
        html.Should().NotContain("<img").And.NotContain("<b>CHG-1").And.NotContain("onerror=alert(1)>");
        html.Should().Contain("&lt;img src=x onerror=alert(1)&gt;").And.Contain("&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        html.Should().Contain("data-arn=\"arn:aws:iam::111122223333:user/=HYPERLINK(&quot;evil.example&quot;,&quot;click&quot;)\"");
        foreach (Match attribute in Regex.Matches(html, "\\s(data-[a-z-]+|value|title|href|id)=\"([^\"]*)\""))
        {
            attribute.Groups[2].Value.Should().NotContainAny(["<", ">", "'"], "attribute values from the account are fully encoded");
        }
    }

    [Fact]
    public void Html_IsSelfContained()
    {
        var html = ReportFixtures.Write(ReportFixtures.Sample, ReportFormat.Html);

        html.Should().StartWith("<!DOCTYPE html>").And.EndWith("</html>\n");
        html.Should().NotContainAny("<link", " src=", "@import", "url(", "@font-face");
        foreach (Match href in Regex.Matches(html, "href=\"([^\"]*)\""))
        {
            href.Groups[1].Value.Should().Match(h => h.StartsWith('#') || h.StartsWith("https://github.com/iamsnapshot/iamsnapshot", StringComparison.Ordinal), "links only: nothing is loaded");
        }

        html.Should().Contain("Content-Security-Policy").And.Contain("default-src 'none'");
    }

    [Fact]
    public void Html_Sample_ShowsFindingsChangesStatementDeltasAndRuleHelp()
    {
        var report = ReportFixtures.Sample;
        var html = ReportFixtures.Write(report, ReportFormat.Html);

        Regex.Count(html, "<tr class=\"finding ").Should().Be(report.Findings.Length);
        Regex.Count(html, "<details class=\"change\"").Should().Be(report.Diff.Changes.Length);
        html.Should().Contain("<li class=\"removed\"><span class=\"sign\">−</span> Deny iam:* on *</li>");
        html.Should().Contain("<li class=\"added\"><span class=\"sign\">+</span> Allow iam:PassRole, s3:* on *</li>");
        foreach (var rule in report.Findings.Select(f => f.RuleId).Distinct())
        {
            html.Should().Contain($"<dt id=\"rule-{rule}\">");
        }

        html.Should().NotContain("<dt id=\"rule-IAM4004\">", "rule help lists only rules that fired");
    }

    /// <summary>The counts a Markdown heading shows: "4 critical, 6 high", severities with findings only.</summary>
    internal static string Headline(DiffReport report) =>
        string.Join(", ", new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info }
            .Where(s => report.CountsBySeverity[s] > 0).Select(s => $"{report.CountsBySeverity[s]} {s.ToString().ToLowerInvariant()}"));

    private static IEnumerable<List<string>> Tables(string md)
    {
        var current = new List<string>();
        foreach (var line in md.Split('\n'))
        {
            if (line.StartsWith('|'))
            {
                current.Add(line);
            }
            else if (current.Count > 0)
            {
                yield return current;
                current = [];
            }
        }
    }

    private static int UnescapedPipes(string row) => Regex.Count(row, @"(?<!\\)\|");
}
