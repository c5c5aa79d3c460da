using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IamSnapshot.Fuzzing;

/// <summary>What a seed input is, which decides the structure-aware mutations that apply to it.</summary>
internal enum InputKind
{
    /// <summary>JSON (authorization details, saved snapshots, account settings, configuration, baselines).</summary>
    Json,

    /// <summary>A credential report: CSV, base64 CSV, or the GetCredentialReport JSON wrapping either.</summary>
    CredentialReport,

    /// <summary>A CloudTrail log object: JSON in any of its shapes, possibly gzip-compressed.</summary>
    CloudTrail,
}

/// <summary>Limits of the mutations, so a test run can stay small while the fuzz command goes large.</summary>
/// <param name="MaxHugeString">The longest string a "huge string" mutation writes, in characters.</param>
/// <param name="MaxNesting">The deepest nesting a "deep nesting" mutation writes.</param>
internal sealed record MutationLimits(int MaxHugeString = 8 * 1024 * 1024, int MaxNesting = 1_000_000)
{
    public static MutationLimits Test { get; } = new(MaxHugeString: 256 * 1024, MaxNesting: 20_000);
}

/// <summary>
/// Mutates seed inputs the ways real files go wrong and hostile files are made: truncation, deleted, duplicated and
/// flipped bytes, invalid UTF-8 and lone surrogate escapes, type swaps, nulls, removed and renamed keys, duplicated
/// keys and array elements, deep nesting, huge strings and numbers, wrong dates; for CSV: broken quoting, missing and
/// extra fields, bad cells, dropped header columns, base64 and JSON wrapping; for CloudTrail: gzip (whole, cut short,
/// twice) and JSON Lines. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal sealed class Mutator(Random random, MutationLimits limits)
{
    private const string Placeholder = "@@FUZZ@@";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private static readonly Regex DateLike = new(@"^\d{4}-\d{2}-\d{2}|^[A-Z][a-z]{2} \d{1,2}, \d{4}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly string[] BadDates =
    [
        "2023-02-30T00:00:00Z", "2023-13-01T00:00:00Z", "0000-00-00T00:00:00Z", "2023-03-09T25:61:61Z", "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00", "+275760-09-13T00:00:00Z", "2023-03-09T10:41:45.123456789012Z", "2023-03-09", "Jul 32, 2023 12:23:05 PM",
        "yesterday", "", " ", "1688992985", "-1", "N/A", "2023-03-09T10:41:45+99:99", "2023-03-09T10:41:45 +00:00", "2023/03/09 10:41:45",
        "\u0000", "2023-03-09T10:41:45Z\n", "٢٠٢٣-٠٣-٠٩T10:41:45Z",
    ];

    private static readonly string[] BadCells =
    [
        "", "maybe", "TRUE", "N/A", "not_supported", "no_information", "2016-10-11T14:06:55+00:00", "2016/10/11", "\"", "\"\"", "a,b",
        "line\nbreak", "=cmd|' /C calc'!A0", "\u00e9t\u00e9", "-1", "2025-01-28T17:25:12Z", "0001-01-01T00:00:00-01:00",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "NaN", "1e999", "-0", "\\u0000", "\\ud800", "\\udc00", "\\u12",
        "\uFEFF", "/*", "//", "\u0000", "\t", "\r\n", "0x10", "'", "Infinity",
    ];

    private readonly List<string> _steps = [];

    /// <summary>What the last <see cref="Mutate"/> did, for a report to name the case.</summary>
    public string Description => string.Join(" + ", _steps);

    /// <summary>Applies one to three mutations to a copy of <paramref name="seed"/>.</summary>
    public byte[] Mutate(byte[] seed, InputKind kind)
    {
        _steps.Clear();
        var bytes = seed;
        var count = 1 + (random.Next(4) == 0 ? random.Next(3) : 0);
        for (var i = 0; i < count; i++)
        {
            bytes = MutateOnce(bytes, kind);
        }

        if (kind == InputKind.CloudTrail && random.Next(5) == 0)
        {
            bytes = Gzip(bytes);
        }

        return bytes;
    }

    private byte[] MutateOnce(byte[] bytes, InputKind kind)
    {
        // Structure-aware mutations most of the time; raw byte damage the rest (and whenever the input no longer parses).
        if (random.Next(10) < 3)
        {
            return MutateBytes(bytes);
        }

        try
        {
            return kind switch
            {
                InputKind.CredentialReport => MutateCredentialReport(bytes),
                InputKind.CloudTrail when random.Next(6) == 0 => MutateCloudTrailShape(bytes),
                _ => MutateJson(bytes) ?? MutateBytes(bytes),
            };
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            // An earlier mutation left text System.Text.Json will not rewrite (a lone surrogate escape): damage bytes instead.
            _steps.Add("(unparsable: " + ex.GetType().Name + ")");
            return MutateBytes(bytes);
        }
    }

    // ---------------------------------------------------------------- bytes

    private byte[] MutateBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Step("insert token", Encoding.UTF8.GetBytes(Pick(Tokens)));
        }

        var at = random.Next(bytes.Length + 1);
        switch (random.Next(8))
        {
            case 0:
                return Step($"truncate at {at}", bytes[..at]);
            case 1:
            {
                var length = Math.Min(bytes.Length - Math.Min(at, bytes.Length - 1), 1 + random.Next(64));
                var start = Math.Min(at, bytes.Length - 1);
                return Step($"delete {length} bytes at {start}", [.. bytes[..start], .. bytes[(start + length)..]]);
            }

            case 2:
            {
                var start = random.Next(bytes.Length);
                var length = Math.Min(bytes.Length - start, 1 + random.Next(4096));
                return Step($"duplicate {length} bytes from {start} at {at}", [.. bytes[..at], .. bytes.AsSpan(start, length), .. bytes[at..]]);
            }

            case 3:
            {
                var copy = (byte[])bytes.Clone();
                var flips = 1 + random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return Step($"flip {flips} bits", copy);
            }

            case 4:
            {
                var invalid = Pick(InvalidUtf8);
                return Step($"invalid UTF-8 {Convert.ToHexString(invalid)} at {at}", [.. bytes[..at], .. invalid, .. bytes[at..]]);
            }

            case 5:
                return Step("UTF-16 with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes))]);
            case 6:
            {
                // Damage only inside a string: an invalid UTF-8 sequence that JSON syntax checks do not see.
                var quote = Array.IndexOf(bytes, (byte)'"', at < bytes.Length ? at : 0);
                var position = quote < 0 ? at : quote + 1;
                var invalid = Pick(InvalidUtf8);
                return Step($"invalid UTF-8 {Convert.ToHexString(invalid)} in a string at {position}", [.. bytes[..position], .. invalid, .. bytes[position..]]);
            }

            default:
            {
                var token = Pick(Tokens);
                return Step($"insert {Show(token)} at {at}", [.. bytes[..at], .. Encoding.UTF8.GetBytes(token), .. bytes[at..]]);
            }
        }
    }

    // ---------------------------------------------------------------- JSON

    /// <summary>A structure-aware mutation, or null when the input is not JSON (any more).</summary>
    private byte[]? MutateJson(byte[] bytes)
    {
        JsonNode? root;
        var nodes = new List<(JsonNode? Node, JsonNode? Parent, string Path)>();
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
            if (root is null)
            {
                return null;
            }

            // JsonObject finds duplicate keys (an earlier mutation's) only when first enumerated.
            Collect(root, null, "$", nodes);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
        var raw = (byte[]?)null;
        var (node, parent, path) = nodes[random.Next(nodes.Count)];
        string step;
        switch (random.Next(12))
        {
            case 0:
                step = $"type swap at {path}";
                Replace(ref root, node, parent, OtherType(node));
                break;
            case 1:
                step = $"null at {path}";
                Replace(ref root, node, parent, null);
                break;
            case 2 when parent is JsonObject obj:
            {
                var key = KeyOf(obj, node);
                step = $"remove {path}";
                obj.Remove(key);
                break;
            }

            case 3 when parent is JsonObject obj:
            {
                var key = KeyOf(obj, node);
                var renamed = random.Next(2) == 0 ? SwapFirstCase(key) : key + "x";
                step = $"rename {path} to {renamed}";
                obj.Remove(key);
                obj[renamed] = node;
                break;
            }

            case 4:
            {
                // Duplicate a key: JsonObject cannot hold one twice, so splice it into the text.
                var target = parent as JsonObject ?? node as JsonObject;
                if (target is null || target.Count == 0)
                {
                    goto default;
                }

                var (key, value) = target.ElementAt(random.Next(target.Count));
                var duplicate = random.Next(2) == 0 ? value?.DeepClone() : OtherType(value);
                step = $"duplicate key {key} in {(target == parent ? Parent(path) : path)}";
                target[Placeholder] = Placeholder;
                raw = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(key) + ":" + (duplicate?.ToJsonString(Compact) ?? "null"));
                return Splice(root, Encoding.UTF8.GetBytes($"\"{Placeholder}\":\"{Placeholder}\""), raw, step, Encoding.UTF8.GetBytes($"\"{Placeholder}\": \"{Placeholder}\""));
            }

            case 5 when parent is JsonArray array:
                step = $"duplicate element {path}";
                array.Insert(array.IndexOf(node), node?.DeepClone());
                break;
            case 6:
                step = $"deep nesting at {path}";
                raw = DeepNesting();
                break;
            case 7:
                step = $"huge string at {path}";
                raw = HugeString();
                break;
            case 8:
            {
                var dates = nodes.Where(n => n.Node is JsonValue v && v.TryGetValue<string>(out var s) && DateLike.IsMatch(s)).ToList();
                if (dates.Count == 0)
                {
                    goto default;
                }

                (node, parent, path) = dates[random.Next(dates.Count)];
                var bad = Pick(BadDates);
                step = $"wrong date {Show(bad)} at {path}";
                Replace(ref root, node, parent, JsonValue.Create(bad));
                break;
            }

            case 9:
            {
                var escape = Pick(["\\ud800", "x\\udc00y", "\\ud83d\\u0041", "\\u0000", "\\ud800\\ud800"]);
                step = $"lone surrogate escape {escape} at {path}";
                raw = Encoding.UTF8.GetBytes($"\"{escape}\"");
                break;
            }

            case 10:
            {
                var number = Pick(["1e400", "-1e400", "2147483648", "-2147483649", "9223372036854775808", "0.5", "-0", "1E+2", "123456789012345678901234567890"]);
                step = $"number {number} at {path}";
                raw = Encoding.UTF8.GetBytes(number);
                break;
            }

            case 11 when node is JsonArray or JsonObject:
                step = $"empty container at {path}";
                Replace(ref root, node, parent, node is JsonArray ? new JsonArray() : new JsonObject());
                break;
            default:
            {
                var (other, _, otherPath) = nodes[random.Next(nodes.Count)];
                if (other is null || other == node || Contains(other, node) || Contains(node, other))
                {
                    step = $"null at {path}";
                    Replace(ref root, node, parent, null);
                    break;
                }

                step = $"copy {otherPath} to {path}";
                Replace(ref root, node, parent, other.DeepClone());
                break;
            }
        }

        if (raw is not null)
        {
            Replace(ref root, node, parent, JsonValue.Create(Placeholder));
            return Splice(root, Encoding.UTF8.GetBytes($"\"{Placeholder}\""), raw, step);
        }

        return Step(step, Serialize(root));
    }

    private byte[] Serialize(JsonNode? root) =>
        Encoding.UTF8.GetBytes(root?.ToJsonString(random.Next(2) == 0 ? Compact : Indented) ?? "null");

    private byte[] Splice(JsonNode? root, byte[] token, byte[] raw, string step, byte[]? indentedToken = null)
    {
        var text = Serialize(root);
        var at = text.AsSpan().IndexOf(token);
        if (at < 0 && indentedToken is not null)
        {
            token = indentedToken;
            at = text.AsSpan().IndexOf(token);
        }

        return at < 0 ? Step(step + " (lost)", text) : Step(step, [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + token.Length)]);
    }

    private byte[] DeepNesting()
    {
        var depth = Pick([65, 129, 257, 1_000, 10_000, 100_000, limits.MaxNesting]);
        depth = Math.Min(depth, limits.MaxNesting);
        var (open, close) = random.Next(3) switch
        {
            0 => ("[", "]"),
            1 => ("{\"a\":", "}"),
            _ => ("[{\"Statement\":", "}]"),
        };
        var builder = new StringBuilder(depth * (open.Length + close.Length) + 4);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }

        builder.Append(random.Next(2) == 0 ? "1" : "\"x\"");
        for (var i = 0; i < depth && random.Next(50) != 0; i++)
        {
            builder.Append(close);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private byte[] HugeString()
    {
        var length = Math.Min(Pick([4_096, 65_536, 1 << 20, limits.MaxHugeString]), limits.MaxHugeString);
        var unit = Pick(["A", "\\u0041", "\\\\", "é", "\\\"", "%41", ":", "*"]);
        var builder = new StringBuilder(length * unit.Length + 2).Append('"');
        for (var i = 0; i < length; i++)
        {
            builder.Append(unit);
        }

        return Encoding.UTF8.GetBytes(builder.Append('"').ToString());
    }

    private JsonNode? OtherType(JsonNode? node) => node switch
    {
        JsonObject => random.Next(3) switch { 0 => new JsonArray(), 1 => JsonValue.Create("{}"), _ => JsonValue.Create(42) },
        JsonArray array => random.Next(3) switch { 0 => new JsonObject(), 1 => array.Count > 0 ? array[0]?.DeepClone() : JsonValue.Create("[]"), _ => JsonValue.Create(true) },
        JsonValue value when value.GetValueKind() == JsonValueKind.String => random.Next(4) switch
        {
            0 => JsonValue.Create(1.5e308),
            1 => JsonValue.Create(false),
            2 => new JsonArray(JsonValue.Create(value.GetValue<string>())),
            _ => new JsonObject { ["value"] = value.GetValue<string>() },
        },
        JsonValue => random.Next(3) switch { 0 => JsonValue.Create("7"), 1 => JsonValue.Create("true"), _ => new JsonObject() },
        _ => JsonValue.Create("null"),
    };

    private static void Replace(ref JsonNode? root, JsonNode? node, JsonNode? parent, JsonNode? replacement)
    {
        switch (parent)
        {
            case null:
                root = replacement;
                break;
            case JsonObject obj:
                obj[KeyOf(obj, node)] = replacement;
                break;
            case JsonArray array:
                array[array.IndexOf(node)] = replacement;
                break;
        }
    }

    private static string KeyOf(JsonObject obj, JsonNode? node) => obj.First(p => ReferenceEquals(p.Value, node)).Key;

    private static bool Contains(JsonNode? outer, JsonNode? inner)
    {
        for (var current = inner?.Parent; current is not null; current = current.Parent)
        {
            if (ReferenceEquals(current, outer))
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(JsonNode? node, JsonNode? parent, string path, List<(JsonNode?, JsonNode?, string)> nodes)
    {
        nodes.Add((node, parent, path));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Collect(value, obj, $"{path}.{key}", nodes);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], array, $"{path}[{i}]", nodes);
                }

                break;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "$";
    }

    private static string SwapFirstCase(string key) => key.Length == 0
        ? "x"
        : (char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) : char.ToUpperInvariant(key[0])) + key[1..];

    // ---------------------------------------------------------------- credential report

    private byte[] MutateCredentialReport(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (text.TrimStart().StartsWith('{'))
        {
            // The GetCredentialReport wrapper: damage the JSON, or the CSV inside Content.
            if (random.Next(2) == 0 && TryContent(text, out var csv, out var base64, out var wrapper))
            {
                var mutated = MutateCsv(csv);
                wrapper["Content"] = base64 ? Convert.ToBase64String(mutated) : Encoding.UTF8.GetString(mutated);
                _steps.Add("in Content");
                return Encoding.UTF8.GetBytes(wrapper.ToJsonString(Compact));
            }

            return MutateJson(bytes) ?? MutateBytes(bytes);
        }

        if (!text.Contains(',', StringComparison.Ordinal))
        {
            // Base64 text as the CLI prints it: damage the base64, or the CSV it encodes.
            try
            {
                var decoded = Convert.FromBase64String(text.Trim());
                return random.Next(2) == 0 ? Step("re-encode base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(MutateCsv(Encoding.UTF8.GetString(decoded))))) : MutateBytes(bytes);
            }
            catch (FormatException)
            {
                return MutateBytes(bytes);
            }
        }

        var result = MutateCsv(text);
        return random.Next(8) switch
        {
            0 => Step("as base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(result))),
            1 => Step("in a CLI wrapper", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["Content"] = Convert.ToBase64String(result),
                ["ReportFormat"] = Pick(["text/csv", "text/csv", "application/json"]),
                ["GeneratedTime"] = random.Next(2) == 0 ? "2025-01-29T10:00:00Z" : Pick(BadDates),
            }))),
            _ => result,
        };
    }

    private static bool TryContent(string text, out string csv, out bool base64, out JsonObject wrapper)
    {
        csv = string.Empty;
        base64 = false;
        wrapper = null!;
        try
        {
            if (JsonNode.Parse(text) is JsonObject obj && obj["Content"] is JsonValue content && content.TryGetValue<string>(out var value))
            {
                wrapper = obj;
                base64 = !value.Contains(',', StringComparison.Ordinal);
                csv = base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(value)) : value;
                return true;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
        }

        return false;
    }

    private byte[] MutateCsv(string csv)
    {
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var row = lines.Count > 1 ? 1 + random.Next(lines.Count - 1) : 0;
        var cells = lines[row].Split(',').ToList();
        var cell = random.Next(cells.Count);
        string step;
        switch (random.Next(11))
        {
            case 0:
            {
                var value = random.Next(4) == 0 ? new string('9', Math.Min(limits.MaxHugeString, 1 << 20)) : Pick(BadCells);
                step = $"cell {row + 1}:{cell + 1} = {Show(value)}";
                cells[cell] = value;
                lines[row] = string.Join(',', cells);
                break;
            }

            case 1:
                step = $"drop field {row + 1}:{cell + 1}";
                cells.RemoveAt(cell);
                lines[row] = string.Join(',', cells);
                break;
            case 2:
                step = $"extra field on line {row + 1}";
                cells.Insert(cell, "extra");
                lines[row] = string.Join(',', cells);
                break;
            case 3:
            {
                var other = random.Next(cells.Count);
                step = $"swap fields {cell + 1} and {other + 1} on line {row + 1}";
                (cells[cell], cells[other]) = (cells[other], cells[cell]);
                lines[row] = string.Join(',', cells);
                break;
            }

            case 4:
                step = $"duplicate line {row + 1}";
                lines.Insert(row, lines[row]);
                break;
            case 5:
            {
                var header = lines[0].Split(',').ToList();
                var column = random.Next(header.Count);
                step = random.Next(2) == 0 ? $"drop header column {column + 1}" : $"duplicate header column {column + 1}";
                if (step.StartsWith("drop", StringComparison.Ordinal))
                {
                    header.RemoveAt(column);
                }
                else
                {
                    header.Insert(column, header[column]);
                }

                lines[0] = string.Join(',', header);
                break;
            }

            case 6:
            {
                var at = random.Next(lines[row].Length + 1);
                step = $"unbalanced quote at {row + 1}:{at + 1}";
                lines[row] = lines[row].Insert(at, "\"");
                break;
            }

            case 7:
                step = "CR line endings";
                return Step(step, Encoding.UTF8.GetBytes(string.Join('\r', lines)));
            case 8:
                step = $"remove line {row + 1}";
                lines.RemoveAt(row);
                break;
            case 9:
                step = "header only";
                lines = [lines[0]];
                break;
            default:
            {
                var bad = Pick(BadDates);
                var dates = cells.Select((c, i) => (c, i)).Where(x => DateLike.IsMatch(x.c)).Select(x => x.i).ToList();
                var target = dates.Count > 0 ? dates[random.Next(dates.Count)] : cell;
                step = $"wrong date {Show(bad)} at {row + 1}:{target + 1}";
                cells[target] = bad.Contains(',', StringComparison.Ordinal) ? $"\"{bad}\"" : bad;
                lines[row] = string.Join(',', cells);
                break;
            }
        }

        return Step(step, Encoding.UTF8.GetBytes(string.Join(random.Next(3) == 0 ? "\r\n" : "\n", lines)));
    }

    // ---------------------------------------------------------------- CloudTrail

    private byte[] MutateCloudTrailShape(byte[] bytes)
    {
        switch (random.Next(3))
        {
            case 0:
            {
                // JSON Lines, as Athena and CloudTrail Lake export it.
                try
                {
                    if (JsonNode.Parse(bytes) is JsonObject { } obj && obj["Records"] is JsonArray records)
                    {
                        return Step("as JSON Lines", Encoding.UTF8.GetBytes(string.Join('\n', records.Select(r => r?.ToJsonString(Compact) ?? "null"))));
                    }
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException)
                {
                }

                return MutateBytes(bytes);
            }

            case 1:
            {
                var gzip = Gzip(bytes);
                var cut = random.Next(gzip.Length);
                return Step($"gzip cut at {cut}", gzip[..cut]);
            }

            default:
                return Step("gzip twice", Gzip(Gzip(bytes)));
        }
    }

    private byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        _steps.Add("gzip");
        return output.ToArray();
    }

    // ---------------------------------------------------------------- helpers

    private byte[] Step(string description, byte[] result)
    {
        _steps.Add(description);
        return result;
    }

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];

    private static string Show(string value) =>
        value.Length > 24 ? $"{value.Length} chars" : JsonSerializer.Serialize(value, Compact);

    internal static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
