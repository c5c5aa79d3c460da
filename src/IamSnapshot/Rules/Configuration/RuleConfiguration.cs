using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace IamSnapshot.Rules.Configuration;

/// <summary>
/// The contents of <c>iamsnapshot.json</c>: a preset, severities per rule id or category (<c>none</c> disables),
/// rule options, and suppressions. Immutable. Load it with <see cref="Load"/> or <see cref="Parse"/>; apply it
/// with <see cref="RuleEngineBuilder.WithConfiguration"/>.
/// </summary>
public sealed record RuleConfiguration
{
    /// <summary>The file name looked for in the current directory.</summary>
    public const string DefaultFileName = "iamsnapshot.json";

    /// <summary>
    /// The deepest nesting a configuration file may have. The format needs four levels (<c>rules</c>, a rule, an option,
    /// its list); a deeper file is refused with a located error rather than walked.
    /// </summary>
    internal const int MaxDepth = 32;

    /// <summary>
    /// The largest configuration file read: people write it, and 1 MiB holds thousands of suppressions; anything larger
    /// is a wrong file, refused before it is read into memory.
    /// </summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The longest justification accepted: a reason for a reviewer, not a document.</summary>
    internal const int MaxJustificationLength = 4096;

    /// <summary>No configuration: every rule at its default.</summary>
    public static RuleConfiguration Empty { get; } = new();

    /// <summary>The preset the configuration starts from.</summary>
    public RulePreset Preset { get; init; } = RulePreset.Recommended;

    /// <summary>Severities by rule id (<c>IAM1001</c>) or category name (<c>Privilege</c>); null disables.</summary>
    public ImmutableDictionary<string, Severity?> Severities { get; init; } = ImmutableDictionary<string, Severity?>.Empty;

    /// <summary>Options by rule id.</summary>
    public ImmutableDictionary<string, RuleOptions> Options { get; init; } = ImmutableDictionary<string, RuleOptions>.Empty;

    /// <summary>The suppressions, in file order.</summary>
    public ImmutableArray<Suppression> Suppressions { get; init; } = [];

    /// <summary>Where the configuration came from, for messages.</summary>
    public string Source { get; init; } = "(defaults)";

    /// <summary>Loads a configuration file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationException">The file is missing or invalid; every problem is listed with its JSON path.</exception>
    public static RuleConfiguration Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(ConfigurationFile.ReadUtf8(path, MaxFileBytes, "configuration file").Span);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, [$"the configuration file cannot be read: {ex.Message}"]);
        }

        return Parse(text, path);
    }

    /// <summary>Parses configuration JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">A name for messages, usually the file path.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationException">The JSON is invalid; every problem is listed with its JSON path.</exception>
    public static RuleConfiguration Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        // Parsed as UTF-8 bytes, which turns unpaired surrogate characters into U+FFFD instead of failing; escapes of
        // unpaired surrogates are found up front, because reading one later throws an exception that names no place.
        var utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(source, [$"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: not valid JSON"]);
        }

        if (JsonTextValidator.FindLoneSurrogateEscapeInStrings(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth }) is { } escape)
        {
            document.Dispose();
            throw new ConfigurationException(source, [$"{escape.Location}: {escape.Problem}"]);
        }

        using (document)
        {
            var problems = new List<string>();
            var result = Read(document.RootElement, source, problems);
            if (problems.Count > 0)
            {
                throw new ConfigurationException(source, problems);
            }

            return result;
        }
    }

    private static RuleConfiguration Read(JsonElement root, string source, List<string> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("$: expected an object");
            return Empty;
        }

        var preset = RulePreset.Recommended;
        var severities = ImmutableDictionary.CreateBuilder<string, Severity?>(StringComparer.OrdinalIgnoreCase);
        var options = ImmutableDictionary.CreateBuilder<string, RuleOptions>(StringComparer.Ordinal);
        var suppressions = ImmutableArray.CreateBuilder<Suppression>();
        foreach (var property in root.EnumerateObject())
        {
            var path = "$." + property.Name;
            switch (property.Name)
            {
                case "$schema":
                    break;
                case "preset":
                    if (property.Value.ValueKind != JsonValueKind.String || !Enum.TryParse(property.Value.GetString(), ignoreCase: true, out preset) || !Enum.IsDefined(preset))
                    {
                        problems.Add($"{path}: expected \"recommended\" or \"strict\"");
                    }

                    break;
                case "severity":
                    ReadSeverities(property.Value, path, severities, problems);
                    break;
                case "rules":
                    ReadOptions(property.Value, path, options, problems);
                    break;
                case "suppressions":
                    ReadSuppressions(property.Value, path, source, suppressions, problems);
                    break;
                default:
                    problems.Add($"{path}: unknown setting (expected preset, severity, rules or suppressions)");
                    break;
            }
        }

        return new RuleConfiguration
        {
            Preset = preset,
            Severities = severities.ToImmutable(),
            Options = options.ToImmutable(),
            Suppressions = suppressions.ToImmutable(),
            Source = source,
        };
    }

    private static void ReadSeverities(JsonElement element, string path, ImmutableDictionary<string, Severity?>.Builder severities, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object of rule ids or categories to severities");
            return;
        }

        foreach (var entry in element.EnumerateObject())
        {
            var entryPath = $"{path}.{entry.Name}";
            if (!IsRuleId(entry.Name) && !Enum.TryParse<RuleCategory>(entry.Name, ignoreCase: true, out _))
            {
                problems.Add($"{entryPath}: expected a rule id (IAM + 4 digits) or a category ({string.Join(", ", Enum.GetNames<RuleCategory>())})");
            }

            if (entry.Value.ValueKind == JsonValueKind.String && TryParseSeverity(entry.Value.GetString()!, out var severity))
            {
                severities[entry.Name] = severity;
            }
            else
            {
                problems.Add($"{entryPath}: expected one of critical, high, medium, low, info, none");
            }
        }
    }

    private static void ReadOptions(JsonElement element, string path, ImmutableDictionary<string, RuleOptions>.Builder options, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object of rule ids to options");
            return;
        }

        foreach (var rule in element.EnumerateObject())
        {
            var rulePath = $"{path}.{rule.Name}";
            if (!IsRuleId(rule.Name))
            {
                problems.Add($"{rulePath}: expected a rule id (IAM + 4 digits)");
            }

            if (rule.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{rulePath}: expected an object of option names to values");
                continue;
            }

            var values = new Dictionary<string, ImmutableArray<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var option in rule.Value.EnumerateObject())
            {
                var optionPath = $"{rulePath}.{option.Name}";
                switch (option.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        values[option.Name] = [option.Value.GetString()!];
                        break;
                    case JsonValueKind.Number:
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        values[option.Name] = [option.Value.GetRawText()];
                        break;
                    case JsonValueKind.Array when option.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                        values[option.Name] = option.Value.EnumerateArray().Select(v => v.GetString()!).ToImmutableArray();
                        break;
                    default:
                        problems.Add($"{optionPath}: expected a string, a number, a boolean or a list of strings");
                        break;
                }
            }

            options[rule.Name] = new RuleOptions(values);
        }
    }

    private static void ReadSuppressions(JsonElement element, string path, string source, ImmutableArray<Suppression>.Builder suppressions, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected a list of suppressions");
            return;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{itemPath}: expected an object with ruleId, arn, justification and optionally property and expires");
                continue;
            }

            string? ruleId = null, arn = null, property = null, justification = null;
            DateOnly? expires = null;
            foreach (var field in item.EnumerateObject())
            {
                var fieldPath = $"{itemPath}.{field.Name}";
                var text = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : null;
                if (text is null)
                {
                    problems.Add($"{fieldPath}: expected a string");
                    continue;
                }

                switch (field.Name)
                {
                    case "ruleId":
                        ruleId = text;
                        if (!IsRuleId(text))
                        {
                            problems.Add($"{fieldPath}: expected a rule id (IAM + 4 digits)");
                        }

                        break;
                    case "arn":
                        arn = text;
                        CheckGlobLength(text, fieldPath, problems);
                        break;
                    case "property":
                        property = text;
                        CheckGlobLength(text, fieldPath, problems);
                        break;
                    case "justification":
                        justification = text;
                        if (text.Length > MaxJustificationLength)
                        {
                            problems.Add($"{fieldPath}: expected at most {MaxJustificationLength} characters; this has {text.Length}");
                        }

                        break;
                    case "expires":
                        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        {
                            expires = date;
                        }
                        else
                        {
                            problems.Add($"{fieldPath}: expected a date such as 2027-06-30");
                        }

                        break;
                    default:
                        problems.Add($"{fieldPath}: unknown field (expected ruleId, arn, property, justification, expires)");
                        break;
                }
            }

            if (ruleId is null)
            {
                problems.Add($"{itemPath}.ruleId: required");
            }

            if (string.IsNullOrWhiteSpace(arn))
            {
                problems.Add($"{itemPath}.arn: required (an ARN glob; * stays within one /-separated segment, ** crosses them)");
            }

            if (string.IsNullOrWhiteSpace(justification))
            {
                problems.Add($"{itemPath}.justification: required: say why the finding is accepted");
            }

            if (ruleId is not null && !string.IsNullOrWhiteSpace(arn) && !string.IsNullOrWhiteSpace(justification)
                && arn.Length <= ArnGlob.MaxLength && (property?.Length ?? 0) <= ArnGlob.MaxLength)
            {
                suppressions.Add(new Suppression
                {
                    RuleId = ruleId,
                    Arn = new ArnGlob(arn),
                    PropertyPath = property is null ? null : new ArnGlob(property),
                    Justification = justification,
                    Expires = expires,
                    Origin = $"{source} {itemPath}",
                });
            }
        }
    }

    /// <summary>Adds a problem when a glob is longer than any ARN (it would only cost time to compile and match).</summary>
    private static void CheckGlobLength(string text, string path, List<string> problems)
    {
        if (text.Length > ArnGlob.MaxLength)
        {
            problems.Add($"{path}: expected a glob of at most {ArnGlob.MaxLength} characters (the longest ARN); this has {text.Length}");
        }
    }

    internal static bool IsRuleId(string text) => text.Length == 7 && text.StartsWith("IAM", StringComparison.Ordinal) && text.Skip(3).All(char.IsAsciiDigit);

    internal static bool TryParseSeverity(string text, out Severity? severity)
    {
        severity = text.ToLowerInvariant() switch
        {
            "critical" => Severity.Critical,
            "high" => Severity.High,
            "medium" => Severity.Medium,
            "low" => Severity.Low,
            "info" => Severity.Info,
            _ => null,
        };
        return severity is not null || string.Equals(text, "none", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Starting points for configuration.</summary>
public enum RulePreset
{
    /// <summary>Every rule at its default severity; rules that ship disabled stay disabled.</summary>
    Recommended,

    /// <summary>Every rule enabled, including those that ship disabled.</summary>
    Strict,
}
