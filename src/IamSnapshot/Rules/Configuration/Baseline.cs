using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using IamSnapshot.Serialization;

namespace IamSnapshot.Rules.Configuration;

/// <summary>
/// Fingerprints of accepted findings, so a build fails only on new ones ("fail only on new findings").
/// Written deterministically (sorted); immutable and thread-safe.
/// </summary>
public sealed class Baseline
{
    private readonly FrozenSet<string> _fingerprints;

    private Baseline(IEnumerable<string> fingerprints)
    {
        _fingerprints = fingerprints.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The deepest nesting a baseline file may have (the format needs three levels).</summary>
    internal const int MaxDepth = 16;

    /// <summary>
    /// The largest baseline read: one finding takes about 200 bytes, so 64 MiB is some 300,000 findings; anything larger
    /// is a wrong file, refused before it is read into memory.
    /// </summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Fingerprints are 32 hexadecimal characters today; the limit leaves room for a longer hash.</summary>
    private const int MaxFingerprintLength = 128;

    /// <summary>The number of fingerprints.</summary>
    public int Count => _fingerprints.Count;

    /// <summary>Creates a baseline from findings.</summary>
    /// <param name="findings">The findings to accept.</param>
    /// <returns>The baseline.</returns>
    public static Baseline From(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new Baseline(findings.Select(f => f.Fingerprint));
    }

    /// <summary>True when the finding is in the baseline.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Whether it was accepted before.</returns>
    public bool Contains(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _fingerprints.Contains(finding.Fingerprint);
    }

    /// <summary>The findings that are not in the baseline.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The new findings, in their order.</returns>
    public ImmutableArray<Finding> NewFindings(IEnumerable<Finding> findings) => findings.Where(f => !Contains(f)).ToImmutableArray();

    /// <summary>Loads a baseline file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="ConfigurationException">The file is missing or not a baseline.</exception>
    public static Baseline Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var bytes = ConfigurationFile.ReadUtf8(path, MaxFileBytes, "baseline");
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (JsonTextValidator.FindLoneSurrogateEscape(bytes.Span) is { } escape)
            {
                throw new ConfigurationException(path, [$"{escape.Location}: {escape.Problem}"]);
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
            {
                throw new ConfigurationException(path, ["$: expected a baseline written by --write-baseline ({\"schemaVersion\": 1, \"findings\": [...]})"]);
            }

            var fingerprints = new List<string>();
            var index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fingerprint", out var fingerprint) || fingerprint.ValueKind != JsonValueKind.String)
                {
                    throw new ConfigurationException(path, [$"$.findings[{index}].fingerprint: expected a string"]);
                }

                var value = fingerprint.GetString()!;
                if (value.Length is 0 or > MaxFingerprintLength)
                {
                    throw new ConfigurationException(path, [$"$.findings[{index}].fingerprint: expected a fingerprint as --write-baseline writes it (at most {MaxFingerprintLength} characters); this has {value.Length}"]);
                }

                fingerprints.Add(value);
                index++;
            }

            return new Baseline(fingerprints);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(path, [$"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: not valid JSON"]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, [$"the baseline cannot be read: {ex.Message}"]);
        }
    }

    /// <summary>Writes a baseline of <paramref name="findings"/> atomically, sorted by fingerprint.</summary>
    /// <param name="findings">The findings to accept.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static Task WriteAsync(IEnumerable<Finding> findings, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var entries = findings.DistinctBy(f => f.Fingerprint).OrderBy(f => f.Fingerprint, StringComparer.Ordinal).ToList();
        return AtomicFile.WriteAsync(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 1);
            writer.WriteStartArray("findings");
            foreach (var finding in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("fingerprint", finding.Fingerprint);
                writer.WriteString("ruleId", finding.RuleId);
                writer.WriteString("arn", finding.Arn);
                writer.WriteString("subject", finding.Subject);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            return Task.CompletedTask;
        }, cancellationToken);
    }
}
