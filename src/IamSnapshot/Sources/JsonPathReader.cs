using System.Text.Json;
using IamSnapshot.Policies;

namespace IamSnapshot.Sources;

/// <summary>
/// Small helpers for walking a JSON input while keeping the JSON path of every value, so errors can say
/// exactly where the input is wrong. Property names are matched exactly first, then case-insensitively
/// (some SDKs write camelCase where the AWS CLI writes PascalCase).
/// </summary>
internal readonly struct JsonPathReader(string filePath)
{
    public string FilePath { get; } = filePath;

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public SnapshotFormatException Error(string path, string expected, Exception? inner = null) =>
        new(FilePath, path, expected, inner);

    public void ExpectObject(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"expected {what} (a JSON object), found {JsonInput.Describe(element.ValueKind)}");
        }
    }

    public string RequireString(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Error($"{path}.{name}", "a required value is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error($"{path}.{name}", $"expected a string, found {JsonInput.Describe(value.ValueKind)}");
        }

        return value.GetString()!;
    }

    public string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error($"{path}.{name}", $"expected a string, found {JsonInput.Describe(value.ValueKind)}");
        }

        return value.GetString();
    }

    public int? OptionalInt(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        throw Error($"{path}.{name}", $"expected a whole number, found {JsonInput.Describe(value.ValueKind)}");
    }

    public bool? OptionalBool(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Error($"{path}.{name}", $"expected true or false, found {JsonInput.Describe(value.ValueKind)}"),
        };
    }

    public DateTimeOffset? OptionalDate(JsonElement obj, string name, string path)
    {
        var text = OptionalString(obj, name, path);
        if (text is null)
        {
            return null;
        }

        if (IamDates.TryParse(text, out var date))
        {
            return date;
        }

        throw Error($"{path}.{name}", $"expected a date such as 2023-03-09T10:41:45Z, found \"{text}\"");
    }

    /// <summary>Enumerates an optional array; a missing key or null is an empty list (AWS omits empty lists).</summary>
    public IEnumerable<(JsonElement Item, string Path)> OptionalArray(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{path}.{name}", $"expected a list, found {JsonInput.Describe(value.ValueKind)}");
        }

        var itemPath = $"{path}.{name}";
        return value.EnumerateArray().Select((item, index) => (item, $"{itemPath}[{index}]"));
    }

    public PolicyDocument RequirePolicy(JsonElement obj, string name, string path)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Error($"{path}.{name}", "a required policy document is missing");
        }

        return Policy(value, $"{path}.{name}");
    }

    public PolicyDocument Policy(JsonElement value, string path)
    {
        try
        {
            return PolicyDocument.FromJsonElement(value);
        }
        catch (PolicyFormatException ex)
        {
            var inner = ex.Path == "$" ? path : path + ex.Path[1..];
            throw Error(inner, ex.Detail, ex);
        }
    }
}
