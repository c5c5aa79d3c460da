using System.Globalization;
using System.Text;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Reporting;

/// <summary>
/// Writes GitHub-flavoured Markdown for a step summary or a pull-request comment: a summary table, the findings
/// by severity, then each changed entity in a collapsible <c>&lt;details&gt;</c> block with its policy-document
/// deltas. Every account-supplied string is escaped (<see cref="Markup"/>). GitHub caps a step summary at 1 MiB,
/// so change details stop at <see cref="DetailsBudget"/> characters with a line saying how many were left out.
/// </summary>
internal sealed class MarkdownReportWriter(TextWriter output, int detailsBudget = MarkdownReportWriter.DetailsBudget)
{
    /// <summary>The characters the change details may take before the rest are left out (under GitHub's 1 MiB).</summary>
    public const int DetailsBudget = 800_000;

    private readonly StringBuilder _md = new();

    public void Write(ReportInput input)
    {
        if (input.History is { } history)
        {
            WriteHistory(history);
        }
        else
        {
            WriteDiff(input.Diff!);
        }

        _md.Append("<sub>").Append(Markup.Html(DiffReport.Scope)).Append(' ').Append(Markup.Html(SnapshotFile.ToolVersion)).AppendLine("</sub>");
        output.Write(_md.ToString());
    }

    private void WriteDiff(DiffReport report)
    {
        _md.Append("## IamSnapshot diff: ").AppendLine(Headline(report)).AppendLine();
        WriteSnapshots(report);
        WriteSummary(report);
        WriteNotes(report.Diff.Notes);
        WriteFindings(report, "###");
        WriteChanges(report, "###");
        WriteAccessDelta(report, "###");
    }

    /// <summary>The access delta: a summary table, then each principal's actions in a collapsible list.</summary>
    private void WriteAccessDelta(DiffReport report, string heading)
    {
        var deltas = ReportFacts.AccessDelta(report);
        if (deltas.Count == 0)
        {
            return;
        }

        _md.Append(heading).Append(CultureInfo.InvariantCulture, $" Access delta ({deltas.Count})").AppendLine().AppendLine();
        _md.AppendLine("| Principal | Access gained and lost |").AppendLine("|---|---|");
        foreach (var delta in deltas)
        {
            _md.Append("| ").Append(Names.Of(delta.Kind)).Append(' ').Append(Markup.Markdown(ReportFacts.NameFromArn(delta.Arn))).Append(" | ")
                .Append(Markup.Markdown(ReportFacts.AccessSummary(delta))).AppendLine(" |");
        }

        _md.AppendLine();
        foreach (var delta in deltas.Where(d => !d.Gained.IsEmpty || !d.Lost.IsEmpty))
        {
            if (_md.Length > detailsBudget)
            {
                _md.AppendLine("*More access details are not shown here (GitHub limits a step summary to 1 MiB); the JSON and HTML reports list every action.*").AppendLine();
                return;
            }

            // "<details>" and "<summary>" on their own lines: the access lists are told apart from the change details.
            _md.AppendLine("<details>").Append("<summary>Access of ").Append(Markup.Html(ReportFacts.NameFromArn(delta.Arn))).AppendLine("</summary>").AppendLine();
            var lines = string.Join('\n', delta.Gained.Select(g => "+ " + ReportFacts.Grant(g)).Concat(delta.Lost.Select(g => "- " + ReportFacts.Grant(g))));
            var fence = Markup.Fence(lines);
            _md.Append(fence).AppendLine("diff").AppendLine(lines).AppendLine(fence).AppendLine().AppendLine("</details>").AppendLine();
        }
    }

    private void WriteHistory(HistoryReport history)
    {
        _md.Append("## IamSnapshot history: ").Append(Markup.Markdown(history.Location))
            .Append(CultureInfo.InvariantCulture, $" ({history.Snapshots.Length} snapshots, {history.Steps.Length} steps)").AppendLine().AppendLine();
        WriteNotes(history.Notes);
        _md.AppendLine("| Step | Captured | Changes | Critical | High | Medium | Low | Info | Suppressed |");
        _md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in history.Steps)
        {
            var counts = step.CountsBySeverity;
            _md.Append(CultureInfo.InvariantCulture,
                $"| {Markup.Markdown(HistoryReport.StepLabel(step))} | {ReportFacts.CapturedAt(step.Diff.Before.Metadata)} → {ReportFacts.CapturedAt(step.Diff.After.Metadata)} | {step.Diff.Changes.Length} | {counts[Severity.Critical]} | {counts[Severity.High]} | {counts[Severity.Medium]} | {counts[Severity.Low]} | {counts[Severity.Info]} | {step.Findings.Count(f => f.Suppressed)} |").AppendLine();
        }

        _md.AppendLine();
        foreach (var step in history.Steps)
        {
            _md.Append("### ").Append(Markup.Markdown(HistoryReport.StepLabel(step))).Append(": ").AppendLine(Headline(step)).AppendLine();
            WriteNotes(step.Diff.Notes);
            WriteFindings(step, "####");
            WriteChanges(step, "####");
            WriteAccessDelta(step, "####");
        }
    }

    private static string Headline(DiffReport report)
    {
        var counts = report.CountsBySeverity;
        return counts.Values.Sum() == 0
            ? string.Create(CultureInfo.InvariantCulture, $"no findings, {report.Diff.Changes.Length} change(s)")
            : string.Join(", ", ReportFacts.SeveritiesDescending.Where(s => counts[s] > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{counts[s]} {Names.Of(s)}")));
    }

    private void WriteSnapshots(DiffReport report)
    {
        _md.AppendLine("| | Snapshot | Account | Captured |");
        _md.AppendLine("|---|---|---|---|");
        foreach (var (label, name, metadata) in new[] { ("before", report.BeforeName, report.Diff.Before.Metadata), ("after", report.AfterName, report.Diff.After.Metadata) })
        {
            _md.Append(CultureInfo.InvariantCulture, $"| {label} | {Markup.Markdown(name)} | {Markup.Markdown(metadata.AccountId ?? "unknown")} | {ReportFacts.CapturedAt(metadata)} |").AppendLine();
        }

        _md.AppendLine();
    }

    private void WriteSummary(DiffReport report)
    {
        var counts = report.CountsBySeverity;
        _md.AppendLine("| Severity | Findings |");
        _md.AppendLine("|---|---:|");
        foreach (var severity in ReportFacts.SeveritiesDescending)
        {
            _md.Append(CultureInfo.InvariantCulture, $"| {Icon(severity)} {Title(severity)} | {counts[severity]} |").AppendLine();
        }

        _md.Append(CultureInfo.InvariantCulture, $"| Suppressed | {report.Findings.Count(f => f.Suppressed)} |").AppendLine();
        _md.Append(CultureInfo.InvariantCulture, $"| **Changes** | **{report.Diff.Changes.Length}** |").AppendLine();
        _md.AppendLine();
    }

    private void WriteNotes(IEnumerable<string> notes)
    {
        foreach (var note in notes)
        {
            _md.Append("> **Note:** ").AppendLine(Markup.Markdown(note)).AppendLine();
        }
    }

    private void WriteFindings(DiffReport report, string heading)
    {
        var active = report.Findings.Where(f => !f.Suppressed).ToList();
        _md.Append(heading).Append(CultureInfo.InvariantCulture, $" Findings ({active.Count})").AppendLine().AppendLine();
        if (active.Count == 0)
        {
            _md.AppendLine("No unsuppressed findings.").AppendLine();
        }

        foreach (var group in active.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
        {
            _md.Append(heading).Append("# ").Append(Icon(group.Key)).Append(' ').Append(Title(group.Key))
                .Append(CultureInfo.InvariantCulture, $" ({group.Count()})").AppendLine().AppendLine();
            _md.AppendLine("| Rule | Entity | Finding |");
            _md.AppendLine("|---|---|---|");
            foreach (var finding in group)
            {
                _md.Append(CultureInfo.InvariantCulture, $"| {RuleLink(report, finding)} | {Entity(report, finding)} | {Markup.Markdown(finding.Message)} |").AppendLine();
            }

            _md.AppendLine();
        }

        var suppressed = report.Findings.Where(f => f.Suppressed).ToList();
        if (suppressed.Count > 0)
        {
            _md.Append(CultureInfo.InvariantCulture, $"<details><summary>Suppressed findings ({suppressed.Count})</summary>").AppendLine().AppendLine();
            _md.AppendLine("| Rule | Severity | Entity | Finding | Justification |");
            _md.AppendLine("|---|---|---|---|---|");
            foreach (var finding in suppressed)
            {
                _md.Append(CultureInfo.InvariantCulture, $"| {RuleLink(report, finding)} | {Names.Of(finding.Severity)} | {Entity(report, finding)} | {Markup.Markdown(finding.Message)} | {Markup.Markdown(finding.SuppressionJustification ?? string.Empty)} |").AppendLine();
            }

            _md.AppendLine().AppendLine("</details>").AppendLine();
        }
    }

    private void WriteChanges(DiffReport report, string heading)
    {
        var entities = ReportFacts.Entities(report).Where(e => e.Changes.Count > 0).ToList();
        _md.Append(heading).Append(CultureInfo.InvariantCulture, $" Changes ({report.Diff.Changes.Length})").AppendLine().AppendLine();
        if (entities.Count == 0)
        {
            _md.AppendLine("No changes.").AppendLine();
            return;
        }

        for (var i = 0; i < entities.Count; i++)
        {
            if (_md.Length > detailsBudget)
            {
                _md.Append(CultureInfo.InvariantCulture, $"*{entities.Count - i} more changed entities are not shown here (GitHub limits a step summary to 1 MiB); the JSON and HTML reports list every change.*").AppendLine().AppendLine();
                return;
            }

            WriteEntity(entities[i], report.Attribution);
        }
    }

    private void WriteEntity(EntityEntry entity, CloudTrail.ChangeAttribution? attribution)
    {
        foreach (var change in entity.Changes)
        {
            var icon = entity.TopSeverity is { } top ? Icon(top) + " " : string.Empty;
            _md.Append("<details><summary>").Append(icon).Append("<b>").Append(Names.Of(change.Kind)).Append("</b> ")
                .Append(Names.Of(change.EntityType)).Append(" <code>").Append(Markup.Html(change.Name)).Append("</code>");
            if (change.Origin == ChangeOrigin.Aws)
            {
                _md.Append(" (made by AWS)");
            }

            _md.AppendLine("</summary>").AppendLine();
            _md.AppendLine(Markup.Markdown(change.Arn)).AppendLine();
            if (change.Kind == ChangeKind.Renamed && change.PreviousArn is not null)
            {
                _md.Append("Renamed from ").AppendLine(Markup.Markdown(change.PreviousArn)).AppendLine();
            }

            if (change.Kind == ChangeKind.Recreated)
            {
                _md.Append("Deleted and created again: unique id ").Append(Markup.Markdown(change.Before!.UniqueId))
                    .Append(" → ").AppendLine(Markup.Markdown(change.After!.UniqueId)).AppendLine();
            }

            foreach (var finding in entity.Findings.Where(f => !f.Suppressed))
            {
                _md.Append("- ").Append(Icon(finding.Severity)).Append(' ').Append(finding.RuleId).Append(' ').AppendLine(Markup.Markdown(finding.Message));
            }

            if (entity.Findings.Any(f => !f.Suppressed))
            {
                _md.AppendLine();
            }

            foreach (var property in change.Properties)
            {
                WriteProperty(property);
            }

            foreach (var attributed in attribution?.EventsFor(change) ?? [])
            {
                _md.Append("- by ").AppendLine(Markup.Markdown(ReportFacts.Event(attributed)));
            }

            _md.AppendLine().AppendLine("</details>").AppendLine();
        }
    }

    private void WriteProperty(PropertyChange property)
    {
        // The sign sits in a code span: a bare "+" or "-" after the list marker would start a nested list.
        var label = $"`{ReportFacts.Sign(property)}` {Markup.Markdown(property.Path)} ({Names.Of(property.Category)})";
        if (!ReportFacts.IsPolicyDocument(property))
        {
            var value = property.IsAddition ? Markup.Markdown(property.NewValue!)
                : property.IsRemoval ? Markup.Markdown(property.OldValue!)
                : $"{Markup.Markdown(property.OldValue!)} → {Markup.Markdown(property.NewValue!)}";
            _md.Append("- ").Append(label).Append(": ").AppendLine(value);
            return;
        }

        _md.Append("- ").AppendLine(label);
        var lines = string.Join('\n', ReportFacts.StatementChanges(property).Select(s => (s.Added ? "+ " : "- ") + s.Text));
        if (lines.Length == 0)
        {
            return;
        }

        var fence = Markup.Fence(lines);
        _md.AppendLine().Append("  ").Append(fence).AppendLine("diff");
        foreach (var line in lines.Split('\n'))
        {
            _md.Append("  ").AppendLine(line.Replace('\r', ' '));
        }

        _md.Append("  ").AppendLine(fence).AppendLine();
    }

    private static string RuleLink(DiffReport report, Finding finding) =>
        $"[{Markup.Markdown(finding.RuleId)}]({ReportFacts.HelpUri(ReportFacts.DescriptorOf(report, finding))} \"{Markup.Html(finding.Title)}\")";

    private static string Entity(DiffReport report, Finding finding) =>
        (finding.EntityType is { } type ? Names.Of(type) + " " : string.Empty) + Markup.Markdown(ReportFacts.EntityName(report, finding.Arn));

    private static string Title(Severity severity) => severity switch
    {
        Severity.Critical => "Critical",
        Severity.High => "High",
        Severity.Medium => "Medium",
        Severity.Low => "Low",
        _ => "Info",
    };

    private static string Icon(Severity severity) => severity switch
    {
        Severity.Critical => "🔴",
        Severity.High => "🟠",
        Severity.Medium => "🟡",
        Severity.Low => "🔵",
        _ => "⚪",
    };
}
