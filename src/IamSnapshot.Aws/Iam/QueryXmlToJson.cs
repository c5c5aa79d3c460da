using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Iam;

/// <summary>
/// Converts IAM Query-API XML into the JSON the AWS CLI prints for the same call: PascalCase keys, lists as
/// arrays, <c>entry</c> maps as objects, numbers and booleans typed, and URL-encoded policy documents decoded
/// into JSON objects. Live captures therefore go through the same loaders as imported CLI output, which is
/// what makes a capture and an import of the same account equal.
/// </summary>
internal static class QueryXmlToJson
{
    // Elements that are lists, so that an empty <X/> becomes [] rather than "".
    private static readonly HashSet<string> ListNames = new(StringComparer.Ordinal)
    {
        "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "UserPolicyList", "GroupPolicyList", "RolePolicyList",
        "GroupList", "AttachedManagedPolicies", "Tags", "InstanceProfileList", "Roles", "PolicyVersionList", "AccountAliases",
        "OpenIDConnectProviderList", "ClientIDList", "ThumbprintList", "SAMLProviderList", "VirtualMFADevices", "AccessKeyMetadata",
        "ServerCertificateMetadataList",
    };

    // Elements that are structures, so that an empty <RoleLastUsed/> becomes {} (as the CLI prints it).
    private static readonly HashSet<string> ObjectNames = new(StringComparer.Ordinal)
    {
        "RoleLastUsed", "PermissionsBoundary", "PasswordPolicy", "SummaryMap", "User",
    };

    private static readonly HashSet<string> BooleanNames = new(StringComparer.Ordinal)
    {
        "IsAttachable", "IsDefaultVersion", "IsTruncated", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
        "RequireLowercaseCharacters", "AllowUsersToChangePassword", "ExpirePasswords", "HardExpiry",
    };

    private static readonly HashSet<string> IntegerNames = new(StringComparer.Ordinal)
    {
        "AttachmentCount", "PermissionsBoundaryUsageCount", "MaxSessionDuration", "MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention",
    };

    // The fields IAM sends URL-encoded (RFC 3986); the CLI prints them as decoded JSON objects.
    private static readonly HashSet<string> DocumentNames = new(StringComparer.Ordinal)
    {
        "PolicyDocument", "AssumeRolePolicyDocument", "Document",
    };

    // Never copied into a snapshot, whichever call returns them: secrets a read-only capture has no use for.
    private static readonly HashSet<string> SecretNames = new(StringComparer.Ordinal)
    {
        "Base32StringSeed", "QRCodePNG", "SecretAccessKey", "SessionToken", "PrivateKey", "Password",
    };

    /// <summary>Writes an element's value (object, array or scalar) as the CLI would print it.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="element">The element.</param>
    /// <param name="operation">The operation, for error messages.</param>
    /// <param name="path">The XML path of the element, for error messages.</param>
    /// <exception cref="AwsCaptureException">A typed value does not parse.</exception>
    public static void WriteValue(Utf8JsonWriter writer, XElement element, string operation, string path)
    {
        var name = element.Name.LocalName;
        if (ListNames.Contains(name) || IsList(element))
        {
            writer.WriteStartArray();
            var index = 0;
            foreach (var member in element.Elements())
            {
                index++;
                WriteValue(writer, member, operation, $"{path}/member[{index}]");
            }

            writer.WriteEndArray();
            return;
        }

        if (name == "SummaryMap" || IsMap(element))
        {
            WriteMap(writer, element, operation, path);
            return;
        }

        if (ObjectNames.Contains(name) || element.HasElements)
        {
            writer.WriteStartObject();
            foreach (var child in element.Elements())
            {
                if (SecretNames.Contains(child.Name.LocalName))
                {
                    continue;
                }

                writer.WritePropertyName(child.Name.LocalName);
                WriteValue(writer, child, operation, $"{path}/{child.Name.LocalName}");
            }

            writer.WriteEndObject();
            return;
        }

        WriteScalar(writer, name, element.Value.Trim(), operation, path);
    }

    /// <summary>Converts an element to standalone JSON bytes.</summary>
    /// <param name="element">The element.</param>
    /// <param name="operation">The operation, for error messages.</param>
    /// <param name="path">The XML path, for error messages.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ToJsonBytes(XElement element, string operation, string path)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, element, operation, path);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <c>{"name": [members…]}</c>.</summary>
    /// <param name="name">The list name.</param>
    /// <param name="members">The members.</param>
    /// <param name="operation">The operation, for error messages.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ListDocument(string name, IEnumerable<XElement> members, string operation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(name);
            var index = 0;
            foreach (var member in members)
            {
                index++;
                WriteValue(writer, member, operation, $"/{name}/member[{index}]");
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the children of a result element as one object (the CLI's output for a non-list call).</summary>
    /// <param name="result">The <c>&lt;OpResult&gt;</c> element.</param>
    /// <param name="operation">The operation, for error messages.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ResultDocument(XElement result, string operation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var child in result.Elements())
            {
                if (SecretNames.Contains(child.Name.LocalName))
                {
                    continue;
                }

                writer.WritePropertyName(child.Name.LocalName);
                WriteValue(writer, child, operation, $"/{operation}Result/{child.Name.LocalName}");
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the children of <paramref name="element"/> as properties of the object being written.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="element">The element.</param>
    /// <param name="operation">The operation, for error messages.</param>
    public static void WriteProperties(Utf8JsonWriter writer, XElement element, string operation)
    {
        foreach (var child in element.Elements())
        {
            if (SecretNames.Contains(child.Name.LocalName))
            {
                continue;
            }

            writer.WritePropertyName(child.Name.LocalName);
            WriteValue(writer, child, operation, $"/{operation}Result/{child.Name.LocalName}");
        }
    }

    /// <summary>Raises the error for a response that does not have the documented shape.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="path">Where in the response.</param>
    /// <param name="detail">What was wrong.</param>
    /// <returns>The exception, to throw.</returns>
    public static AwsCaptureException Malformed(string operation, string path, string detail) =>
        new(AwsFailureKind.MalformedResponse, $"{operation} returned a malformed response at {path}: {detail}.") { Operation = operation };

    private static bool IsList(XElement element)
    {
        var any = false;
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "member")
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsMap(XElement element)
    {
        var any = false;
        foreach (var child in element.Elements())
        {
            if (child.Name.LocalName != "entry")
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static void WriteMap(Utf8JsonWriter writer, XElement element, string operation, string path)
    {
        writer.WriteStartObject();
        var index = 0;
        foreach (var entry in element.Elements())
        {
            index++;
            var key = entry.ChildText("key");
            var value = entry.ChildText("value");
            if (string.IsNullOrEmpty(key) || value is null)
            {
                throw Malformed(operation, $"{path}/entry[{index}]", "expected a <key> and a <value>");
            }

            writer.WritePropertyName(key);
            // Every map IAM returns (SummaryMap) holds integers; anything else is kept as text.
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, string name, string text, string operation, string path)
    {
        if (BooleanNames.Contains(name))
        {
            writer.WriteBooleanValue(text switch
            {
                "true" => true,
                "false" => false,
                _ => throw Malformed(operation, path, $"expected true or false, found '{Shorten(text)}'"),
            });
            return;
        }

        if (IntegerNames.Contains(name))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                throw Malformed(operation, path, $"expected an integer, found '{Shorten(text)}'");
            }

            writer.WriteNumberValue(number);
            return;
        }

        if (DocumentNames.Contains(name))
        {
            // IAM percent-encodes documents (RFC 3986): '+' is a literal plus, so Uri.UnescapeDataString, as
            // PolicyDocument.Parse does, and never WebUtility.UrlDecode. The loader parses the policy itself; here
            // it only has to be JSON, which WriteRawValue checks.
            var decoded = text.StartsWith('%') ? Uri.UnescapeDataString(text) : text;
            try
            {
                writer.WriteRawValue(decoded, skipInputValidation: false);
            }
            catch (JsonException ex)
            {
                throw Malformed(operation, path, "the policy document is not JSON: " + ex.Message);
            }

            return;
        }

        writer.WriteStringValue(text);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
