using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IamSnapshot.Serialization;

/// <summary>
/// The compile-time (source-generated) serializer metadata of the few values the library hands to
/// <see cref="JsonSerializer"/>; everything else is written and read with <see cref="Utf8JsonWriter"/> and
/// <see cref="JsonDocument"/> by hand, so that the saved format is ours and not a reflection of our types. Using the
/// context keeps the library free of reflection-based serialization (the tests run with it switched off).
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class IamSnapshotJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Diff values as people read them: ARNs and policy text without <c>\u0027</c>-style escapes. Diff values are data
    /// in reports, which escape for their own medium (HTML, Markdown, SARIF) themselves.
    /// </summary>
    public static IamSnapshotJsonContext Relaxed { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>A string as a JSON string literal, relaxed escaping.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Relaxed.String);

    /// <summary>The string a JSON string literal holds.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value, or null for <c>null</c>.</returns>
    public static string? Unquote(string json) => JsonSerializer.Deserialize(json, Relaxed.String);
}
