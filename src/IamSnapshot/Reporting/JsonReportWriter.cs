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
        WriteAttribution(writer, report);
        WriteChanges(writer, report);
        WriteAccessDelta(writer, report);
        WriteFindings(writer, report);
        writer.WriteEndObject();
    }

    /// <summary>What the CloudTrail logs covered, when logs were given.</summary>
    private static void WriteAttribution(Utf8JsonWriter writer, DiffReport report)
    {
        if (report.Attribution is not { } attribution)
        {
            return;
        }

        writer.WriteStartObject("attribution");
        WriteOptionalDate(writer, "windowStart", attribution.WindowStart);
        WriteOptionalDate(writer, "windowEnd", attribution.WindowEnd);
        writer.WriteBoolean("windowFromLogs", attribution.WindowFromLogs);
        writer.WriteBoolean("coversWindow", attribution.CoversWindow);
        writer.WriteNumber("events", attribution.Log.Events.Length);
        writer.WriteNumber("failedEvents", attribution.Log.FailedEvents.Length);
        JsonReportParts.WriteStrings(writer, "notes", attribution.Notes);
        writer.WriteEndObject();
    }

    private static void WriteOptionalDate(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            writer.WriteString(name, IamDates.Format(date));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>accessDelta[]: for each principal, the concrete actions gained and lost (DESIGN §5).</summary>
    private static void WriteAccessDelta(Utf8JsonWriter writer, DiffReport report)
    {
        writer.WriteStartArray("accessDelta");
        foreach (var delta in ReportFacts.AccessDelta(report))
        {
            writer.WriteStartObject();
            writer.WriteString("arn", delta.Arn);
            writer.WriteString("entityType", Names.Of(delta.Kind));
            writer.WriteBoolean("existsBefore", delta.ExistsBefore);
            writer.WriteBoolean("existsAfter", delta.ExistsAfter);
            WriteGrants(writer, "gained", delta.Gained, delta.AllActionsGained, delta.GainedCount);
            WriteGrants(writer, "lost", delta.Lost, delta.AllActionsLost, delta.LostCount);
            writer.WriteStartObject("summary");
            WriteCounts(writer, "gainedByLevel", delta.Summary.GainedByLevel.ToDictionary(x => ReportFacts.LevelName(x.Key), x => x.Value));
            WriteCounts(writer, "lostByLevel", delta.Summary.LostByLevel.ToDictionary(x => ReportFacts.LevelName(x.Key), x => x.Value));
            WriteCounts(writer, "gainedByService", delta.Summary.GainedByService);
            WriteCounts(writer, "lostByService", delta.Summary.LostByService);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteGrants(Utf8JsonWriter writer, string name, System.Collections.Immutable.ImmutableArray<Policies.Access.ActionGrant> grants, bool all, int count)
    {
        // A principal that gains everything gets allActions and a count instead of 22,000 items.
        writer.WriteBoolean(name == "gained" ? "allActionsGained" : "allActionsLost", all);
        writer.WriteNumber(name + "Count", count);
        writer.WriteStartArray(name);
        foreach (var grant in grants)
        {
            writer.WriteStartObject();
            writer.WriteString("action", grant.Action);
            if (grant.Level is { } level)
            {
                writer.WriteString("accessLevel", ReportFacts.LevelName(level));
            }

            JsonReportParts.WriteStrings(writer, "resources", grant.Resources);
            JsonReportParts.WriteStrings(writer, "notResources", grant.NotResources);
            writer.WriteBoolean("conditional", grant.Conditional);
            JsonReportParts.WriteStrings(writer, "via", grant.Via.Select(v => v.ToString()));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, int>> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(key, value);
        }

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
            WriteChange(writer, change, report.Attribution);
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

    private static void WriteChange(Utf8JsonWriter writer, EntityChange change, CloudTrail.ChangeAttribution? attribution)
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
        if (attribution is not null)
        {
            WriteEvents(writer, attribution.EventsFor(change));
        }

        writer.WriteEndObject();
    }

    /// <summary>changes[].events[]: the CloudTrail events that explain the change (DESIGN §8).</summary>
    private static void WriteEvents(Utf8JsonWriter writer, System.Collections.Immutable.ImmutableArray<CloudTrail.AttributedEvent> events)
    {
        writer.WriteStartArray("events");
        foreach (var attributed in events)
        {
            var e = attributed.Event;
            writer.WriteStartObject();
            writer.WriteString("eventId", e.EventId);
            writer.WriteString("eventName", e.EventName);
            writer.WriteString("time", IamDates.Format(e.EventTime));
            WriteOptional(writer, "actorArn", e.Actor.Arn ?? e.Actor.Id);
            WriteOptional(writer, "principalType", e.Actor.PrincipalType);
            WriteOptional(writer, "sessionIssuer", e.Actor.SessionIssuerArn);
            WriteOptional(writer, "sessionName", e.Actor.SessionName);
            WriteOptional(writer, "sourceIpAddress", e.SourceIpAddress);
            WriteOptional(writer, "userAgent", e.UserAgent);
            WriteOptional(writer, "accessKeyId", e.Actor.AccessKeyId);
            WriteOptional(writer, "invokedBy", e.Actor.InvokedBy);
            writer.WriteString("origin", attributed.IsAwsServiceChange ? "aws" : "account");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
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
