using System.Text.Json.Serialization;

namespace IamSnapshot.Aws.Organizations;

/// <summary>
/// Source-generated serializer metadata for the request bodies of the AWS JSON protocol (Organizations), so that no
/// call serializes by reflection. Responses are read with <see cref="System.Text.Json.JsonDocument"/>.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
