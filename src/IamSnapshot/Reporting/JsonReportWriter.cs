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

    public static void Write(DiffReport report, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteString("tool", SnapshotFile.ToolVersion);
        writer.WriteString("scope", DiffReport.Scope);
        WriteSnapshot(writer, "before", report.BeforeName, report.Diff.Before.Metadata);
        WriteSnapshot(writer, "after", report.AfterName, report.Diff.After.Metadata);

        writer.WriteStartObject("summary");
        writer.WriteNumber("changes", report.Diff.Changes.Length);
        writer.WriteNumber("findings", report.Findings.Length);
        writer.WriteNumber("suppressed", report.Findings.Count(f => f.Suppressed));
        writer.WriteStartObject("bySeverity");
        foreach (var (severity, count) in report.CountsBySeverity.Reverse())
        {
            writer.WriteNumber(Names.Of(severity), count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();

        JsonReportParts.WriteStrings(writer, "notes", report.Diff.Notes);

        writer.WriteStartArray("changes");
        foreach (var change in report.Diff.Changes)
        {
            WriteChange(writer, change);
        }

        writer.WriteEndArray();

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
        writer.WriteEndObject();
    }

    private static void WriteSnapshot(Utf8JsonWriter writer, string name, string displayName, SnapshotMetadata metadata)
    {
        writer.WriteStartObject(name);
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
