using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Rules;
using IamSnapshot.Rules.BuiltIn;
using IamSnapshot.Sources;

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
        output.WriteLine($"IamSnapshot diff  {Describe(report.BeforeName, diff.Before.Metadata)}");
        output.WriteLine($"              ->  {Describe(report.AfterName, diff.After.Metadata)}");
        output.WriteLine(Dim("Scope: " + DiffReport.Scope));
        foreach (var note in diff.Notes)
        {
            output.WriteLine(Paint("Note: " + note, "\u001b[33m"));
        }

        output.WriteLine();
        var counts = report.CountsBySeverity;
        var suppressed = report.Findings.Count(f => f.Suppressed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{diff.Changes.Length} change(s), {report.Findings.Length - suppressed} finding(s): {counts[Severity.Critical]} critical, {counts[Severity.High]} high, {counts[Severity.Medium]} medium, {counts[Severity.Low]} low, {counts[Severity.Info]} info{(suppressed > 0 ? $" ({suppressed} suppressed)" : string.Empty)}"));

        var findingsByArn = report.Findings.GroupBy(f => f.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var changesByArn = diff.Changes.GroupBy(c => c.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var arns = findingsByArn.Keys.Union(changesByArn.Keys, StringComparer.Ordinal)
            .OrderByDescending(arn => findingsByArn.TryGetValue(arn, out var f) ? (int)f.Where(x => !x.Suppressed).Select(x => x.Severity).DefaultIfEmpty(Severity.Info).Max() + 1 : 0)
            .ThenBy(arn => arn, StringComparer.Ordinal);

        foreach (var arn in arns)
        {
            output.WriteLine();
            var findings = findingsByArn.GetValueOrDefault(arn) ?? [];
            var changes = changesByArn.GetValueOrDefault(arn) ?? [];
            var entityType = changes.FirstOrDefault()?.EntityType ?? findings.FirstOrDefault()?.EntityType;
            output.WriteLine(Bold($"{(entityType is { } t ? Names.Of(t) + " " : string.Empty)}{DisplayName(arn, changes)}") + Dim($"  {arn}"));
            foreach (var finding in findings)
            {
                var label = finding.Suppressed ? "suppressed" : Names.Of(finding.Severity).ToUpperInvariant();
                output.WriteLine($"  {Paint($"[{label}]", finding.Suppressed ? "\u001b[2m" : SeverityColor(finding.Severity))} {finding.RuleId} {finding.Message}");
                if (finding.Suppressed && finding.SuppressionJustification is not null)
                {
                    output.WriteLine(Dim($"      justification: {finding.SuppressionJustification}"));
                }
            }

            foreach (var change in changes)
            {
                WriteChange(change);
            }
        }

        if (diff.Changes.IsEmpty && report.Findings.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine("No changes.");
        }
    }

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
        var isDocument = property.Category is ChangeCategory.Permissions or ChangeCategory.Trust
            && (property.OldValue ?? property.NewValue)!.StartsWith('{');
        if (!isDocument)
        {
            var text = property.IsAddition ? $"+ {property.Path}: {property.NewValue}"
                : property.IsRemoval ? $"- {property.Path}: {property.OldValue}"
                : $"~ {property.Path}: {property.OldValue} -> {property.NewValue}";
            output.WriteLine($"    {text} {category}");
            return;
        }

        var sign = property.IsAddition ? "+" : property.IsRemoval ? "-" : "~";
        output.WriteLine($"    {sign} {property.Path} {category}");
        var before = property.OldValue is null ? null : PolicyDocument.Parse(property.OldValue);
        var after = property.NewValue is null ? null : PolicyDocument.Parse(property.NewValue);
        foreach (var effect in new[] { PolicyEffect.Allow, PolicyEffect.Deny })
        {
            var removed = before is null ? [] : after is null ? before.Statements.Where(s => s.Effect == effect).ToList() : StatementDelta.Added(after, before, effect);
            var added = after is null ? [] : before is null ? after.Statements.Where(s => s.Effect == effect).ToList() : StatementDelta.Added(before, after, effect);
            foreach (var statement in removed)
            {
                output.WriteLine("        " + Paint("- " + Describe(statement), "\u001b[31m"));
            }

            foreach (var statement in added)
            {
                output.WriteLine("        " + Paint("+ " + Describe(statement), "\u001b[32m"));
            }
        }
    }

    private static string Describe(PolicyStatement statement)
    {
        var text = StatementDelta.Describe(statement);
        return statement.Principal is { } principal
            ? $"{text} for {string.Join(", ", principal.All.Select(p => $"{p.Type}:{p.Value}"))}"
            : text;
    }

    private static string DisplayName(string arn, List<EntityChange> changes) =>
        changes.FirstOrDefault()?.Name ?? (arn.Contains('/', StringComparison.Ordinal) ? arn[(arn.LastIndexOf('/') + 1)..] : arn);

    private static string Describe(string name, SnapshotMetadata metadata)
    {
        var captured = metadata.CapturedAt is { } at ? IamDates.Format(at) : "capture time unknown";
        return $"{name} (account {metadata.AccountId ?? "unknown"}, {captured})";
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
