using System.Text.Encodings.Web;
using System.Text.Json;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Reporting;

/// <summary>Writes the JSON report: a stable contract described by docs/report.schema.json.</summary>
internal static class JsonReportWriter
{
    /// <summary>The report schema version; bumped only for incompatible changes.</summary>
    public const int SchemaVersion = 1;

    public static void Write(ReportInput input, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (input.History is { } history)
        {
            WriteHistory(writer, history);
        }
        else
        {
            WriteDiff(writer, input.Diff!);
        }
    }

    /// <summary>The diff report (docs/report.schema.json). One method per section, so that sections slot in.</summary>
    private static void WriteDiff(Utf8JsonWriter writer, DiffReport report)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("tool", SnapshotFile.ToolVersion);
        writer.WriteString("scope", DiffReport.Scope);
        WriteSnapshot(writer, "before", report.BeforeName, report.Diff.Before.Metadata);
        WriteSnapshot(writer, "after", report.AfterName, report.Diff.After.Metadata);
        WriteSummary(writer, [report]);
        JsonReportParts.WriteStrings(writer, "notes", report.Diff.Notes);
        WriteChanges(writer, report);
        WriteFindings(writer, report);
        writer.WriteEndObject();
    }

    /// <summary>The history report (docs/history.schema.json): the snapshots, then one diff per step.</summary>
    private static void WriteHistory(Utf8JsonWriter writer, HistoryReport history)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("tool", SnapshotFile.ToolVersion);
        writer.WriteString("scope", DiffReport.Scope);
        writer.WriteString("location", history.Location);
        writer.WriteStartArray("snapshots");
        if (!history.Steps.IsEmpty)
        {
            WriteSnapshot(writer, null, history.Steps[0].BeforeName, history.Steps[0].Diff.Before.Metadata);
            foreach (var step in history.Steps)
            {
                WriteSnapshot(writer, null, step.AfterName, step.Diff.After.Metadata);
            }
        }

        writer.WriteEndArray();
        WriteSummary(writer, history.Steps);
        JsonReportParts.WriteStrings(writer, "notes", history.Notes);
        writer.WriteStartArray("steps");
        foreach (var step in history.Steps)
        {
            writer.WriteStartObject();
            writer.WriteString("step", HistoryReport.StepLabel(step));
            WriteSnapshot(writer, "before", step.BeforeName, step.Diff.Before.Metadata);
            WriteSnapshot(writer, "after", step.AfterName, step.Diff.After.Metadata);
            WriteSummary(writer, [step]);
            JsonReportParts.WriteStrings(writer, "notes", step.Diff.Notes);
            WriteChanges(writer, step);
            WriteFindings(writer, step);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, IReadOnlyList<DiffReport> reports)
    {
        writer.WriteStartObject("summary");
        writer.WriteNumber("changes", reports.Sum(r => r.Diff.Changes.Length));
        writer.WriteNumber("findings", reports.Sum(r => r.Findings.Length));
        writer.WriteNumber("suppressed", reports.Sum(r => r.Findings.Count(f => f.Suppressed)));
        writer.WriteStartObject("bySeverity");
        foreach (var severity in ReportFacts.SeveritiesDescending)
        {
            writer.WriteNumber(Names.Of(severity), reports.Sum(r => r.CountsBySeverity[severity]));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteChanges(Utf8JsonWriter writer, DiffReport report)
    {
        writer.WriteStartArray("changes");
        foreach (var change in report.Diff.Changes)
        {
            WriteChange(writer, change);
        }

        writer.WriteEndArray();
    }

    private static void WriteFindings(Utf8JsonWriter writer, DiffReport report)
    {
        writer.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            writer.WriteString("title", finding.Title);
            writer.WriteString("severity", Names.Of(finding.Severity));
            writer.WriteString("kind", Names.Of(finding.Kind));
            writer.WriteString("arn", finding.Arn);
            if (finding.EntityType is { } type)
            {
                writer.WriteString("entityType", Names.Of(type));
            }

            writer.WriteString("message", finding.Message);
            writer.WriteString("subject", finding.Subject);
            if (finding.PropertyPath is not null)
            {
                writer.WriteString("propertyPath", finding.PropertyPath);
            }

            writer.WriteBoolean("suppressed", finding.Suppressed);
            if (finding.SuppressionJustification is not null)
            {
                writer.WriteString("justification", finding.SuppressionJustification);
            }

            writer.WriteString("fingerprint", finding.Fingerprint);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSnapshot(Utf8JsonWriter writer, string? name, string displayName, SnapshotMetadata metadata)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }

        writer.WriteString("file", displayName);
        if (metadata.AccountId is null)
        {
            writer.WriteNull("accountId");
        }
        else
        {
            writer.WriteString("accountId", metadata.AccountId);
        }

        writer.WriteString("partition", metadata.Partition);
        if (metadata.CapturedAt is { } captured)
        {
            writer.WriteString("capturedAt", IamDates.Format(captured));
        }
        else
        {
            writer.WriteNull("capturedAt");
        }

        writer.WriteString("source", metadata.Source);
        writer.WriteNumber("schemaVersion", metadata.SchemaVersion);
        writer.WriteEndObject();
    }

    private static void WriteChange(Utf8JsonWriter writer, EntityChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Names.Of(change.Kind));
        writer.WriteString("entityType", Names.Of(change.EntityType));
        writer.WriteString("arn", change.Arn);
        if (change.PreviousArn is not null)
        {
            writer.WriteString("previousArn", change.PreviousArn);
        }

        writer.WriteString("name", change.Name);
        writer.WriteString("origin", Names.Of(change.Origin));
        if (change.Kind == ChangeKind.Recreated)
        {
            writer.WriteString("previousUniqueId", change.Before!.UniqueId);
            writer.WriteString("uniqueId", change.After!.UniqueId);
        }

        writer.WriteStartArray("properties");
        foreach (var property in change.Properties)
        {
            writer.WriteStartObject();
            writer.WriteString("path", property.Path);
            writer.WriteString("category", Names.Of(property.Category));
            WriteRaw(writer, "old", property.OldValue);
            WriteRaw(writer, "new", property.NewValue);
            if (property.DocumentDelta is not null)
            {
                WriteRaw(writer, "delta", property.DocumentDelta);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            using var document = JsonDocument.Parse(json);
            document.RootElement.WriteTo(writer);
        }
    }
}

/// <summary>Small shared pieces of the JSON report.</summary>
internal static class JsonReportParts
{
    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
