using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace IamSnapshot.Policies;

/// <summary>
/// An IAM policy document: the text the source gave (<see cref="OriginalText"/>) and its parsed,
/// normalised form (<see cref="Statements"/>, <see cref="NormalizedJson"/>). Equality is semantic:
/// statement order, single value versus list, action case, key order, whitespace, duplicates and
/// <c>Sid</c>/<c>Id</c> are not differences. Immutable and thread-safe.
/// </summary>
public sealed class PolicyDocument : IEquatable<PolicyDocument>
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    // Computed on first use: most documents of a large snapshot are never compared or written. A race computes
    // the same string twice, which is harmless.
    private string? _normalizedJson;
    private string? _semanticKey;

    // Null when the original is the normalised form itself (a saved snapshot omits "original" then): the text is
    // the normalised JSON, made on first use, so that save -> load -> save gives the same bytes.
    private readonly string? _originalText;

    private PolicyDocument(string? originalText, string? version, string? id, ImmutableArray<PolicyStatement> statements)
    {
        _originalText = originalText;
        Version = version;
        Id = id;
        Statements = statements;
    }

    /// <summary>The document as the source gave it, after URL-decoding or unescaping.</summary>
    public string OriginalText => _originalText ?? NormalizedJson;

    /// <summary>The <c>Version</c> element (<c>2012-10-17</c> enables policy variables), or null when absent.</summary>
    public string? Version { get; }

    /// <summary>The <c>Id</c> element, or null.</summary>
    public string? Id { get; }

    /// <summary>The statements in normalised order.</summary>
    public ImmutableArray<PolicyStatement> Statements { get; }

    /// <summary>The normalised document as compact JSON with a fixed key order (what a saved snapshot stores).</summary>
    public string NormalizedJson => _normalizedJson ??= PolicyJsonWriter.Write(this, includeIdentifiers: true);

    /// <summary>A compact JSON form without identifiers, equal for two documents exactly when they grant the same.</summary>
    internal string SemanticKey => _semanticKey ??= PolicyJsonWriter.Write(this, includeIdentifiers: false);

    /// <summary>
    /// Parses a policy document given as JSON text, as a URL-encoded string (the raw IAM API form), or as
    /// a JSON string that holds the document (an escaped document).
    /// </summary>
    /// <param name="text">The document text.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="PolicyFormatException">The text is not a policy document.</exception>
    public static PolicyDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decoded = Decode(text);
        JsonDocument json;
        // Parsed as UTF-8, which turns unpaired surrogate characters into U+FFFD instead of failing; escapes of them
        // are found before any string is read (reading one would throw an exception that names no place).
        var utf8 = Encoding.UTF8.GetBytes(decoded);
        try
        {
            json = JsonDocument.Parse(utf8, ParseOptions);
        }
        catch (JsonException ex)
        {
            throw new PolicyFormatException($"$ (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1})", "the policy document is not valid JSON: " + TrimJsonMessage(ex.Message));
        }

        if (JsonTextValidator.FindLoneSurrogateEscape(utf8) is { } escape)
        {
            json.Dispose();
            throw new PolicyFormatException($"$ ({escape.Location})", "the policy document is not valid JSON: " + escape.Problem);
        }

        using (json)
        {
            if (json.RootElement.ValueKind == JsonValueKind.String)
            {
                // An escaped document: the JSON string itself holds the policy.
                return Parse(json.RootElement.GetString()!);
            }

            return FromElement(json.RootElement, decoded);
        }
    }

    /// <summary>
    /// Builds a document from a JSON element found inside a larger file: an object (decoded form) or a
    /// string (URL-encoded or escaped form).
    /// </summary>
    /// <param name="element">The element.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="PolicyFormatException">The element is not a policy document.</exception>
    public static PolicyDocument FromJsonElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromElement(element, element.GetRawText()),
        JsonValueKind.String => Parse(element.GetString()!),
        _ => throw new PolicyFormatException("$", $"expected a policy document (an object or a string), found {Describe(element.ValueKind)}"),
    };

    /// <summary>Creates a document from statements, for tests and custom sources; the original text is the normalised JSON.</summary>
    /// <param name="statements">The statements.</param>
    /// <param name="version">The policy language version.</param>
    /// <returns>The document.</returns>
    public static PolicyDocument Create(IEnumerable<PolicyStatement> statements, string? version = "2012-10-17")
    {
        ArgumentNullException.ThrowIfNull(statements);
        var list = Sort(statements);
        var draft = new PolicyDocument(string.Empty, version, null, list);
        return new PolicyDocument(draft.NormalizedJson, version, null, list);
    }

    /// <summary>True when <paramref name="other"/> grants exactly what this document grants.</summary>
    /// <param name="other">The document to compare with.</param>
    /// <returns>Whether the documents are semantically equal.</returns>
    public bool Equals(PolicyDocument? other) =>
        other is not null
        // Most documents compared (two snapshots of one account) are identical statement by statement: that is
        // decided without writing either semantic key. Anything else (duplicates, case) falls back to the keys.
        && (ReferenceEquals(this, other) || SameStatements(other) || string.Equals(SemanticKey, other.SemanticKey, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PolicyDocument);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SemanticKey);

    /// <inheritdoc />
    public override string ToString() => NormalizedJson;

    /// <summary>
    /// True when both documents hold the same version and, in order, statements that write the same semantic JSON:
    /// every field the semantic key contains is compared ordinally (so this never says equal where the keys differ).
    /// </summary>
    private bool SameStatements(PolicyDocument other)
    {
        if (!string.Equals(Version, other.Version, StringComparison.Ordinal) || Statements.Length != other.Statements.Length)
        {
            return false;
        }

        for (var i = 0; i < Statements.Length; i++)
        {
            if (!Statements[i].SameSemanticContent(other.Statements[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Decode(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '%')
        {
            // RFC 3986 form used by the raw IAM API and CloudTrail responses; '+' is a literal plus here,
            // so Uri.UnescapeDataString (not WebUtility.UrlDecode) is the right decoder.
            return Uri.UnescapeDataString(text);
        }

        return text;
    }

    /// <summary>
    /// Builds a document from an already parsed object, keeping <paramref name="originalText"/> as the original, or,
    /// when it is null, the normalised form as its own original.
    /// </summary>
    internal static PolicyDocument FromElement(JsonElement root, string? originalText)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("$", $"expected a policy document object, found {Describe(root.ValueKind)}");
        }

        string? version = null;
        string? id = null;
        var statements = ImmutableArray.CreateBuilder<PolicyStatement>();
        var sawStatement = false;

        // Names are matched as UTF-8 (ordinal, as the switch on strings was) so that no name string is allocated.
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("Version"u8))
            {
                version = ReadScalar(property.Value, "$", "Version");
            }
            else if (property.NameEquals("Id"u8))
            {
                id = ReadScalar(property.Value, "$", "Id");
            }
            else if (property.NameEquals("Statement"u8))
            {
                sawStatement = true;
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    // A single statement object is legal and occurs in AWS-managed policies.
                    statements.Add(ReadStatement(property.Value, "$.Statement"));
                }
                else if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        statements.Add(ReadStatement(item, StatementPath(index++)));
                    }
                }
                else
                {
                    throw new PolicyFormatException("$.Statement", $"expected an object or an array of statements, found {Describe(property.Value.ValueKind)}");
                }
            }
        }

        if (!sawStatement)
        {
            throw new PolicyFormatException("$", "the policy document has no Statement element");
        }

        return new PolicyDocument(originalText, version, id, Sort(statements));
    }

    private static ImmutableArray<PolicyStatement> Sort(IEnumerable<PolicyStatement> statements)
    {
        // Statement order has no meaning in IAM: sort by the statement's own semantic JSON, then by Sid so
        // that the normalised form is deterministic. One statement (most documents) needs no key.
        var list = statements as IReadOnlyCollection<PolicyStatement> ?? statements.ToList();
        if (list.Count <= 1)
        {
            return [.. list];
        }

        return list
            .OrderBy(s => s.SemanticJson, StringComparer.Ordinal)
            .ThenBy(s => s.Sid ?? string.Empty, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    // Paths of the first statements are kept: building one string per statement of a large snapshot adds up.
    private static readonly string[] StatementPaths = [.. Enumerable.Range(0, 16).Select(i => $"$.Statement[{i}]")];

    private static string StatementPath(int index) => index < StatementPaths.Length ? StatementPaths[index] : $"$.Statement[{index}]";

    /// <summary>The JSON path of a value: <paramref name="parent"/>, then <c>.name</c>, then <c>[index]</c> (built only for an error).</summary>
    private static string PathOf(string parent, string? name, int index = -1)
    {
        var path = name is null ? parent : $"{parent}.{name}";
        return index < 0 ? path : $"{path}[{index}]";
    }

    private static PolicyStatement ReadStatement(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(path, $"expected a statement object, found {Describe(element.ValueKind)}");
        }

        string? sid = null;
        PolicyEffect? effect = null;
        List<string> actions = [], notActions = [], resources = [], notResources = [];
        PolicyPrincipal? principal = null, notPrincipal = null;
        var conditions = new List<PolicyCondition>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("Sid"u8))
            {
                sid = ReadScalar(value, path, "Sid");
            }
            else if (property.NameEquals("Effect"u8))
            {
                var effectText = ReadScalar(value, path, "Effect");
                effect = effectText switch
                {
                    "Allow" => PolicyEffect.Allow,
                    "Deny" => PolicyEffect.Deny,
                    _ => throw new PolicyFormatException(PathOf(path, "Effect"), $"expected \"Allow\" or \"Deny\", found \"{effectText}\""),
                };
            }
            else if (property.NameEquals("Action"u8))
            {
                actions = ReadStringOrList(value, path, "Action");
            }
            else if (property.NameEquals("NotAction"u8))
            {
                notActions = ReadStringOrList(value, path, "NotAction");
            }
            else if (property.NameEquals("Resource"u8))
            {
                resources = ReadStringOrList(value, path, "Resource");
            }
            else if (property.NameEquals("NotResource"u8))
            {
                notResources = ReadStringOrList(value, path, "NotResource");
            }
            else if (property.NameEquals("Principal"u8))
            {
                principal = ReadPrincipal(value, PathOf(path, "Principal"));
            }
            else if (property.NameEquals("NotPrincipal"u8))
            {
                notPrincipal = ReadPrincipal(value, PathOf(path, "NotPrincipal"));
            }
            else if (property.NameEquals("Condition"u8))
            {
                ReadConditions(value, PathOf(path, "Condition"), conditions);
            }
        }

        if (effect is null)
        {
            throw new PolicyFormatException(path, "the statement has no Effect");
        }

        return new PolicyStatement(sid, effect.Value, actions, notActions, resources, notResources, principal, notPrincipal, conditions);
    }

    private static PolicyPrincipal ReadPrincipal(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var value = element.GetString()!;
            if (value == "*")
            {
                return new PolicyPrincipal([new("AWS", ["*"])]);
            }

            throw new PolicyFormatException(path, $"expected \"*\" or an object of principal types, found the string \"{value}\"");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(path, $"expected \"*\" or an object of principal types, found {Describe(element.ValueKind)}");
        }

        var entries = new List<KeyValuePair<string, IEnumerable<string>>>();
        foreach (var property in element.EnumerateObject())
        {
            var type = property.Name;
            var values = ReadStringOrList(property.Value, path, type);
            entries.Add(new(type, values.Select(v => NormalisePrincipalValue(type, v))));
        }

        return new PolicyPrincipal(entries);
    }

    private static string NormalisePrincipalValue(string type, string value)
    {
        // IAM stores a bare account id as the account's root ARN; both spellings mean the same principal.
        if (type == "AWS" && value.Length == 12 && value.All(char.IsAsciiDigit))
        {
            return $"arn:aws:iam::{value}:root";
        }

        return value;
    }

    private static void ReadConditions(JsonElement element, string path, List<PolicyCondition> conditions)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(path, $"expected an object of condition operators, found {Describe(element.ValueKind)}");
        }

        foreach (var op in element.EnumerateObject())
        {
            var name = op.Name;
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyFormatException(PathOf(path, name), $"expected an object of condition keys, found {Describe(op.Value.ValueKind)}");
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                var keyName = key.Name;
                conditions.Add(new PolicyCondition(name, keyName, ReadStringOrList(key.Value, PathOf(path, name), keyName)));
            }
        }
    }

    private static List<string> ReadStringOrList(JsonElement element, string parent, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return [ReadScalar(element, parent, name)];
            case JsonValueKind.Array:
                var list = new List<string>(element.GetArrayLength());
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(ReadScalar(item, parent, name, index++));
                }

                return list;
            default:
                throw new PolicyFormatException(PathOf(parent, name), $"expected a string or a list of strings, found {Describe(element.ValueKind)}");
        }
    }

    private static string ReadScalar(JsonElement element, string parent, string? name, int index = -1) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        // Condition values such as true or 3600 are written unquoted by some authors; IAM treats them as text.
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new PolicyFormatException(PathOf(parent, name, index), $"expected a string, found {Describe(element.ValueKind)}"),
    };

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string TrimJsonMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
