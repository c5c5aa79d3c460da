using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Lenient accessors over a record's <see cref="JsonElement"/>s: a missing key, JSON null and a value of
/// an unexpected type all read as "absent", and keys are found in camel, lower or Pascal case (Athena and
/// CloudTrail Lake exports lower-case them), so that no shape of a real record makes the reader throw.
/// </summary>
internal static class Json
{
    private static readonly ConcurrentDictionary<string, (string Lower, string Pascal)> Variants = new(StringComparer.Ordinal);

    /// <summary>
    /// The property as CloudTrail spells it (<c>requestParameters</c>), else lower-cased (Athena, CloudTrail
    /// Lake: <c>requestparameters</c>), else Pascal-cased (<c>RequestParameters</c>). Three hash lookups and no
    /// allocation, where a case-insensitive scan would allocate every property name of every record.
    /// </summary>
    public static JsonElement Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        var (lower, pascal) = Variants.GetOrAdd(name, static n => (n.ToLowerInvariant(), char.ToUpperInvariant(n[0]) + n[1..]));
        if (element.TryGetProperty(lower, out var lowered))
        {
            return lowered;
        }

        return element.TryGetProperty(pascal, out var pascalCased) ? pascalCased : default;
    }

    public static JsonElement Get(JsonElement element, string name1, string name2) => Get(Get(element, name1), name2);

    public static string? String(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => NullIfEmpty(element.GetString()),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static string? String(JsonElement element, string name) => String(Get(element, name));

    public static bool? Bool(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(element.GetString(), out var value) => value,
        JsonValueKind.Number when element.TryGetInt32(out var number) => number != 0,
        _ => null,
    };

    public static bool IsPresent(JsonElement element) => element.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>The strings of an array (a single string reads as a one-element list).</summary>
    public static IEnumerable<string> Strings(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (String(item) is { } text)
                {
                    yield return text;
                }
            }
        }
        else if (String(element) is { } single)
        {
            yield return single;
        }
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
