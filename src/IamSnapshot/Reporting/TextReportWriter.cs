using IamSnapshot.Diffing;
using IamSnapshot.Rules;

namespace IamSnapshot.Reporting;

/// <summary>
/// Writes the readable text report: a header, the scope, a summary, then each entity with its findings
/// (highest severity first) and its changes; entities with findings come first. Colour only when asked
/// (the runner asks on a terminal without NO_COLOR).
/// </summary>
internal sealed class TextReportWriter(TextWriter output, bool color)
{
    private const string Reset = "\u001b[0m";

    public void Write(DiffReport report)
    {
        var diff = report.Diff;
        output.WriteLine($"IamSnapshot diff  {ReportFacts.Describe(report.BeforeName, diff.Before.Metadata)}");
        output.WriteLine($"              ->  {ReportFacts.Describe(report.AfterName, diff.After.Metadata)}");
        output.WriteLine(Dim("Scope: " + DiffReport.Scope));
        foreach (var note in diff.Notes)
        {
            output.WriteLine(Paint("Note: " + note, "\u001b[33m"));
        }

        foreach (var note in report.Attribution?.Notes ?? [])
        {
            output.WriteLine(Paint("CloudTrail: " + note, "\u001b[33m"));
        }

        output.WriteLine();
        output.WriteLine(ReportFacts.CountsLine(report));
        WriteEntities(report, indent: string.Empty);
        WriteAccessDelta(report);

        if (diff.Changes.IsEmpty && report.Findings.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine("No changes.");
        }
    }

    /// <summary>Writes a timeline: one block per step, each like a diff report without the header.</summary>
    public void Write(HistoryReport history)
    {
        output.WriteLine($"IamSnapshot history  {history.Location}: {history.Snapshots.Length} snapshot(s), {history.Steps.Length} step(s)");
        output.WriteLine(Dim("Scope: " + DiffReport.Scope));
        foreach (var note in history.Notes)
        {
            output.WriteLine(Paint("Note: " + note, "\u001b[33m"));
        }

        foreach (var step in history.Steps)
        {
            output.WriteLine();
            output.WriteLine(Bold($"== {HistoryReport.StepLabel(step)}") + Dim($"  ({ReportFacts.CapturedAt(step.Diff.Before.Metadata)} -> {ReportFacts.CapturedAt(step.Diff.After.Metadata)})"));
            foreach (var note in step.Diff.Notes)
            {
                output.WriteLine(Paint("Note: " + note, "\u001b[33m"));
            }

            output.WriteLine(ReportFacts.CountsLine(step));
            WriteEntities(step, indent: string.Empty);
            WriteAccessDelta(step);
        }
    }

    private void WriteEntities(DiffReport report, string indent)
    {
        foreach (var entity in ReportFacts.Entities(report))
        {
            output.WriteLine();
            output.WriteLine(indent + Bold($"{(entity.EntityType is { } t ? Names.Of(t) + " " : string.Empty)}{entity.Name}") + Dim($"  {entity.Arn}"));
            foreach (var finding in entity.Findings)
            {
                var label = finding.Suppressed ? "suppressed" : Names.Of(finding.Severity).ToUpperInvariant();
                output.WriteLine($"{indent}  {Paint($"[{label}]", finding.Suppressed ? "\u001b[2m" : SeverityColor(finding.Severity))} {finding.RuleId} {finding.Message}");
                if (finding.Suppressed && finding.SuppressionJustification is not null)
                {
                    output.WriteLine(indent + Dim($"      justification: {finding.SuppressionJustification}"));
                }
            }

            foreach (var change in entity.Changes)
            {
                WriteChange(change);
                foreach (var attributed in report.Attribution?.EventsFor(change) ?? [])
                {
                    output.WriteLine(indent + Dim("    by " + ReportFacts.Event(attributed)));
                }
            }
        }
    }

    /// <summary>What each principal can do now that it could not before, and the reverse.</summary>
    private void WriteAccessDelta(DiffReport report)
    {
        var deltas = ReportFacts.AccessDelta(report);
        if (deltas.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine(Bold($"Access delta ({deltas.Count} principal(s) whose effective permissions changed)"));
        foreach (var delta in deltas)
        {
            output.WriteLine($"  {Names.Of(delta.Kind)} {ReportFacts.NameFromArn(delta.Arn)}: {ReportFacts.AccessSummary(delta)}");
            foreach (var grant in delta.Gained.Take(MaxGrantLines))
            {
                output.WriteLine("    " + Paint("+ " + ReportFacts.Grant(grant), "\u001b[32m"));
            }

            foreach (var grant in delta.Lost.Take(MaxGrantLines))
            {
                output.WriteLine("    " + Paint("- " + ReportFacts.Grant(grant), "\u001b[31m"));
            }

            var hidden = Math.Max(0, delta.Gained.Length - MaxGrantLines) + Math.Max(0, delta.Lost.Length - MaxGrantLines);
            if (hidden > 0)
            {
                output.WriteLine(Dim($"    … and {hidden} more (the JSON and HTML reports list every action)"));
            }
        }
    }

    /// <summary>Grant lines shown per principal and direction in text; the other formats list them all.</summary>
    private const int MaxGrantLines = 8;

    private void WriteChange(EntityChange change)
    {
        var origin = change.Origin == ChangeOrigin.Aws ? " (made by AWS)" : string.Empty;
        switch (change.Kind)
        {
            case ChangeKind.Added:
                output.WriteLine($"  {Paint("+ added", "\u001b[32m")}{origin}");
                return;
            case ChangeKind.Removed:
                output.WriteLine($"  {Paint("- removed", "\u001b[31m")}{origin}");
                return;
            case ChangeKind.Recreated:
                output.WriteLine($"  {Paint("! recreated", "\u001b[35m")}: unique id {change.Before!.UniqueId} -> {change.After!.UniqueId}{origin}");
                break;
            case ChangeKind.Renamed:
                output.WriteLine($"  {Paint("> renamed", "\u001b[36m")} from {change.PreviousArn}{origin}");
                break;
            default:
                output.WriteLine($"  {Paint("~ modified", "\u001b[33m")}{origin}");
                break;
        }

        foreach (var property in change.Properties)
        {
            WriteProperty(property);
        }
    }

    private void WriteProperty(PropertyChange property)
    {
        var category = Dim($"({Names.Of(property.Category)})");
        if (!ReportFacts.IsPolicyDocument(property))
        {
            var text = property.IsAddition ? $"+ {property.Path}: {property.NewValue}"
                : property.IsRemoval ? $"- {property.Path}: {property.OldValue}"
                : $"~ {property.Path}: {property.OldValue} -> {property.NewValue}";
            output.WriteLine($"    {text} {category}");
            return;
        }

        output.WriteLine($"    {ReportFacts.Sign(property)} {property.Path} {category}");
        foreach (var statement in ReportFacts.StatementChanges(property))
        {
            output.WriteLine("        " + (statement.Added ? Paint("+ " + statement.Text, "\u001b[32m") : Paint("- " + statement.Text, "\u001b[31m")));
        }
    }

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical => "\u001b[1;31m",
        Severity.High => "\u001b[31m",
        Severity.Medium => "\u001b[33m",
        Severity.Low => "\u001b[36m",
        _ => "\u001b[2m",
    };

    private string Paint(string text, string code) => color ? code + text + Reset : text;

    private string Bold(string text) => Paint(text, "\u001b[1m");

    private string Dim(string text) => Paint(text, "\u001b[2m");
}
