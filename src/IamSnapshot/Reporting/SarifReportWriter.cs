using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Reporting;

/// <summary>
/// Writes SARIF 2.1.0 shaped for GitHub code scanning. Code scanning rejects results without a location, so
/// every result points at the entity's line in the after snapshot (line 1 when the entity is gone) and names
/// the ARN as a logical location. Rules carry help and <c>properties.security-severity</c>; results carry the
/// finding's fingerprint as a partial fingerprint, so alerts survive reordering and unrelated changes.
/// </summary>
/// <remarks>
/// Severity mapping (GitHub reads <c>security-severity</c> as a CVSS-like score: 9.0 and above critical,
/// 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low): critical 9.5, high 8.0, medium 5.5, low 3.0, and info gets
/// no score, so code scanning lists it as a note rather than a security alert. Levels: critical and high are
/// <c>error</c>, medium <c>warning</c>, low and info <c>note</c>.
/// </remarks>
internal static class SarifReportWriter
{
    /// <summary>The partial-fingerprint key; bump its version if the fingerprint's recipe ever changes.</summary>
    public const string FingerprintKey = "iamsnapshot/v1";

    public static void Write(ReportInput input, Stream stream, ReportOptions options)
    {
        var locator = new SnapshotLocator(options.SourceRoot);
        var rules = RuleList(input.Reports);
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);

        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        WriteTool(writer, rules);
        WriteAutomationDetails(writer, input);
        WriteInvocation(writer, input);
        writer.WriteStartArray("results");
        foreach (var report in input.Reports)
        {
            var after = locator.Locate(report.AfterName);
            foreach (var finding in report.Findings)
            {
                WriteResult(writer, finding, ReportFacts.EntityName(report, finding.Arn), ruleIndex[finding.RuleId], after, input.StepOf(report));
            }
        }

        writer.WriteEndArray();
        writer.WriteStartObject("properties");
        writer.WriteString("scope", DiffReport.Scope);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Every rule of the reports (so code scanning can describe rules that found nothing this time), plus any unknown rule a finding names.</summary>
    private static List<RuleDescriptor> RuleList(IReadOnlyList<DiffReport> reports) =>
        reports.SelectMany(r => r.Rules)
            .Concat(reports.SelectMany(r => r.Findings.Select(f => ReportFacts.DescriptorOf(r, f))))
            .DistinctBy(d => d.Id, StringComparer.Ordinal)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    private static void WriteTool(Utf8JsonWriter writer, List<RuleDescriptor> rules)
    {
        var version = SnapshotFile.ToolVersion.Split(' ')[^1];
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "IamSnapshot");
        writer.WriteString("version", version);
        writer.WriteString("semanticVersion", version);
        writer.WriteString("informationUri", ReportFacts.ProjectUri);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, RuleDescriptor rule)
    {
        var helpUri = ReportFacts.HelpUri(rule);
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", PascalName(rule.Title));
        WriteMessage(writer, "shortDescription", rule.Title);
        WriteMessage(writer, "fullDescription", rule.Description);
        writer.WriteString("helpUri", helpUri);
        writer.WriteStartObject("help");
        writer.WriteString("text", $"{rule.Description}\n\nDocumentation: {helpUri}");
        writer.WriteString("markdown", $"**{rule.Id}: {rule.Title}**\n\n{rule.Description}\n\n[Documentation]({helpUri})");
        writer.WriteEndObject();
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.DefaultSeverity));
        if (!rule.IsEnabledByDefault || rule.DeprecatedBy is not null)
        {
            writer.WriteBoolean("enabled", false);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        if (SecuritySeverity(rule.DefaultSeverity) is { } score)
        {
            writer.WriteString("security-severity", score);
        }

        writer.WriteString("severity", Names.Of(rule.DefaultSeverity));
        writer.WriteStartArray("tags");
        writer.WriteStringValue("security");
        writer.WriteStringValue("iam");
        writer.WriteStringValue(CategoryTag(rule.Category));
        writer.WriteStringValue(Names.Of(rule.Kind));
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// One run per account and tool: the id's category (everything up to the last slash) keeps the analyses of
    /// several accounts apart in code scanning, where one upload would otherwise replace another.
    /// </summary>
    private static void WriteAutomationDetails(Utf8JsonWriter writer, ReportInput input)
    {
        var account = input.Reports[0].Diff.After.Metadata.AccountId ?? input.Reports[0].Diff.Before.Metadata.AccountId;
        writer.WriteStartObject("automationDetails");
        writer.WriteString("id", $"iamsnapshot/{(input.History is null ? "diff" : "history")}/{account ?? "unknown-account"}/");
        writer.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter writer, ReportInput input)
    {
        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        var notes = (input.History?.Notes ?? []).Concat(input.Reports.SelectMany(r => r.Diff.Notes)).Distinct(StringComparer.Ordinal).ToList();
        if (notes.Count > 0)
        {
            writer.WriteStartArray("toolExecutionNotifications");
            foreach (var note in notes)
            {
                writer.WriteStartObject();
                writer.WriteString("level", "note");
                WriteMessage(writer, "message", note);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter writer, Finding finding, string entityName, int ruleIndex, SnapshotFileLocation after, string? step)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.RuleId);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(finding.Severity));
        WriteMessage(writer, "message", finding.Message);
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", after.Uri);
        writer.WriteString("uriBaseId", "%SRCROOT%");
        writer.WriteEndObject();
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", after.LineOf(finding.Arn));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("logicalLocations");
        writer.WriteStartObject();
        writer.WriteString("name", entityName);
        writer.WriteString("fullyQualifiedName", finding.Arn);
        writer.WriteString("kind", "resource");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString(FingerprintKey, finding.Fingerprint);
        writer.WriteEndObject();
        if (finding.Suppressed)
        {
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", "external");
            writer.WriteString("status", "accepted");
            if (finding.SuppressionJustification is not null)
            {
                writer.WriteString("justification", finding.SuppressionJustification);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("properties");
        writer.WriteString("severity", Names.Of(finding.Severity));
        if (SecuritySeverity(finding.Severity) is { } score)
        {
            writer.WriteString("security-severity", score);
        }

        if (finding.EntityType is { } type)
        {
            writer.WriteString("entityType", Names.Of(type));
        }

        writer.WriteString("subject", finding.Subject);
        if (finding.PropertyPath is not null)
        {
            writer.WriteString("propertyPath", finding.PropertyPath);
        }

        if (step is not null)
        {
            writer.WriteString("step", step);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string name, string text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    internal static string? SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => null,
    };

    private static string CategoryTag(RuleCategory category) => category switch
    {
        RuleCategory.Privilege => "privilege",
        RuleCategory.Trust => "trust",
        RuleCategory.Credentials => "credentials",
        RuleCategory.Inventory => "inventory",
        RuleCategory.Attribution => "attribution",
        RuleCategory.AccountSettings => "account-settings",
        _ => "engine",
    };

    /// <summary>A rule's <c>name</c>: its title in PascalCase, as SARIF suggests (<c>RoleTrustsAnyone</c>).</summary>
    private static string PascalName(string title) =>
        string.Concat(title.Split([' ', '-', '_', '/', '(', ')', ',', '.', ':', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..]));
}
