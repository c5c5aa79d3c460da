using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IamSnapshot.Policies;

/// <summary>Writes the normalised JSON form of policy documents with a fixed key order.</summary>
internal static class PolicyJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static string Write(PolicyDocument document, bool includeIdentifiers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteDocument(writer, document, includeIdentifiers);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string WriteStatement(PolicyStatement statement, bool includeIdentifiers)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteStatement(writer, statement, includeIdentifiers);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteDocument(Utf8JsonWriter writer, PolicyDocument document, bool includeIdentifiers)
    {
        writer.WriteStartObject();
        if (document.Version is not null)
        {
            writer.WriteString("Version", document.Version);
        }

        if (includeIdentifiers && document.Id is not null)
        {
            writer.WriteString("Id", document.Id);
        }

        writer.WriteStartArray("Statement");
        string? previous = null;
        foreach (var statement in document.Statements)
        {
            if (!includeIdentifiers)
            {
                // Duplicate statements grant nothing more; the semantic form lists each once. The statement's
                // semantic JSON is cached on it, so it is written as it is, not serialised again.
                var key = statement.SemanticJson;
                if (key == previous)
                {
                    continue;
                }

                previous = key;
                writer.WriteRawValue(key, skipInputValidation: true);
                continue;
            }

            WriteStatement(writer, statement, includeIdentifiers);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStatement(Utf8JsonWriter writer, PolicyStatement statement, bool includeIdentifiers)
    {
        writer.WriteStartObject();
        if (includeIdentifiers && statement.Sid is not null)
        {
            writer.WriteString("Sid", statement.Sid);
        }

        writer.WriteString("Effect", statement.Effect == PolicyEffect.Allow ? "Allow" : "Deny");
        WritePrincipal(writer, "Principal", statement.Principal);
        WritePrincipal(writer, "NotPrincipal", statement.NotPrincipal);
        WriteList(writer, "Action", statement.Actions);
        WriteList(writer, "NotAction", statement.NotActions);
        WriteList(writer, "Resource", statement.Resources);
        WriteList(writer, "NotResource", statement.NotResources);
        if (!statement.Conditions.IsEmpty)
        {
            writer.WriteStartObject("Condition");
            foreach (var byOperator in statement.Conditions.GroupBy(c => c.Operator, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartObject(byOperator.Key);
                foreach (var condition in byOperator)
                {
                    WriteList(writer, includeIdentifiers ? condition.Key : condition.Key.ToLowerInvariant(), condition.Values, always: true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, string name, PolicyPrincipal? principal)
    {
        if (principal is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (type, values) in principal.Entries)
        {
            WriteList(writer, type, values, always: true);
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, ImmutableArray<string> values, bool always = false)
    {
        if (values.IsEmpty && !always)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
