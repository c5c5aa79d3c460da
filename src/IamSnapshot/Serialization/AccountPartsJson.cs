using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Serialization;

/// <summary>
/// Writes and reads the optional account-level sections of the saved snapshot format, after the entity sections and
/// in this order: <c>credentialReport</c>, <c>passwordPolicy</c>, <c>accountSummary</c>, <c>accountAliases</c>,
/// <c>identityProviders</c>, <c>mfaDevices</c>, <c>accessKeys</c>, <c>serverCertificates</c>. A section is written exactly when its part is present (not null), so
/// "absent" survives a round trip; keys are in a fixed order and lists are sorted, so output is deterministic.
/// Credential-report dates are written as the report writes them (<c>2025-01-28T17:25:12Z</c>, <c>N/A</c>,
/// <c>not_supported</c>, <c>no_information</c>), so the sentinels survive too.
/// </summary>
internal static class AccountPartsJson
{
    public static void Write(Utf8JsonWriter writer, AccountSnapshot snapshot)
    {
        if (snapshot.CredentialReport is { } report)
        {
            WriteCredentialReport(writer, report);
        }

        if (snapshot.PasswordPolicy is { } policy)
        {
            WritePasswordPolicy(writer, policy);
        }

        if (snapshot.AccountSummary is { } summary)
        {
            writer.WriteStartObject("accountSummary");
            writer.WriteStartObject("counters");
            foreach (var (name, value) in summary.Counters)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (snapshot.AccountAliases is { } aliases)
        {
            SnapshotJsonWriter.WriteStrings(writer, "accountAliases", aliases.Order(StringComparer.Ordinal));
        }

        if (snapshot.OpenIdConnectProviders is not null || snapshot.SamlProviders is not null)
        {
            writer.WriteStartObject("identityProviders");
            if (snapshot.OpenIdConnectProviders is { } oidc)
            {
                writer.WriteStartArray("openIdConnect");
                foreach (var provider in oidc.OrderBy(p => p.Arn, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("arn", provider.Arn);
                    WriteNullable(writer, "url", provider.Url);
                    WriteStrings(writer, "clientIds", provider.ClientIds);
                    WriteStrings(writer, "thumbprints", provider.Thumbprints);
                    SnapshotJsonWriter.WriteDate(writer, "createDate", provider.CreateDate);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (snapshot.SamlProviders is { } saml)
            {
                writer.WriteStartArray("saml");
                foreach (var provider in saml.OrderBy(p => p.Arn, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("arn", provider.Arn);
                    SnapshotJsonWriter.WriteDate(writer, "createDate", provider.CreateDate);
                    SnapshotJsonWriter.WriteDate(writer, "validUntil", provider.ValidUntil);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        if (snapshot.VirtualMfaDevices is { } devices)
        {
            writer.WriteStartArray("mfaDevices");
            foreach (var device in devices.OrderBy(d => d.SerialNumber, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("serialNumber", device.SerialNumber);
                WriteNullable(writer, "userArn", device.UserArn);
                WriteNullable(writer, "userName", device.UserName);
                SnapshotJsonWriter.WriteDate(writer, "enableDate", device.EnableDate);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (snapshot.AccessKeys is { } keys)
        {
            writer.WriteStartArray("accessKeys");
            foreach (var key in keys.OrderBy(k => k.UserName, StringComparer.Ordinal).ThenBy(k => k.AccessKeyId, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("userName", key.UserName);
                writer.WriteString("accessKeyId", key.AccessKeyId);
                writer.WriteString("status", key.Status);
                SnapshotJsonWriter.WriteDate(writer, "createDate", key.CreateDate);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (snapshot.ServerCertificates is { } certificates)
        {
            writer.WriteStartArray("serverCertificates");
            foreach (var certificate in certificates.OrderBy(c => c.Arn, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("arn", certificate.Arn);
                writer.WriteString("name", certificate.Name);
                writer.WriteString("id", certificate.Id);
                writer.WriteString("path", certificate.Path);
                SnapshotJsonWriter.WriteDate(writer, "uploadDate", certificate.UploadDate);
                SnapshotJsonWriter.WriteDate(writer, "expiration", certificate.Expiration);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    public static AccountSnapshot Read(JsonElement root, AccountSnapshot snapshot, string filePath)
    {
        var reader = new JsonPathReader(filePath);
        var parts = new OptionalParts();
        if (Section(root, "credentialReport", out var report))
        {
            parts.CredentialReport = ReadCredentialReport(reader, report, "$.credentialReport");
        }

        if (Section(root, "passwordPolicy", out var policy))
        {
            parts.PasswordPolicy = ReadPasswordPolicy(reader, policy, "$.passwordPolicy");
        }

        if (Section(root, "accountSummary", out var summary))
        {
            parts.AccountSummary = ReadAccountSummary(reader, summary, "$.accountSummary");
        }

        if (Section(root, "accountAliases", out _))
        {
            parts.AccountAliases = reader.OptionalArray(root, "accountAliases", "$")
                .Select(x => x.Item.ValueKind == JsonValueKind.String ? x.Item.GetString()! : throw reader.Error(x.Path, "expected an alias (a string)"))
                .Order(StringComparer.Ordinal)
                .ToImmutableArray();
        }

        if (Section(root, "identityProviders", out var providers))
        {
            const string path = "$.identityProviders";
            reader.ExpectObject(providers, path, "the identity providers");
            if (Section(providers, "openIdConnect", out _))
            {
                parts.OpenIdConnectProviders = reader.OptionalArray(providers, "openIdConnect", path)
                    .Select(x =>
                    {
                        reader.ExpectObject(x.Item, x.Path, "an OpenID Connect provider");
                        return new OpenIdConnectProvider
                        {
                            Arn = reader.RequireString(x.Item, "arn", x.Path),
                            Url = reader.OptionalString(x.Item, "url", x.Path),
                            ClientIds = ReadStrings(reader, x.Item, "clientIds", x.Path, "a client id"),
                            Thumbprints = ReadStrings(reader, x.Item, "thumbprints", x.Path, "a thumbprint"),
                            CreateDate = reader.OptionalDate(x.Item, "createDate", x.Path),
                        };
                    })
                    .OrderBy(p => p.Arn, StringComparer.Ordinal)
                    .ToImmutableArray();
            }

            if (Section(providers, "saml", out _))
            {
                parts.SamlProviders = reader.OptionalArray(providers, "saml", path)
                    .Select(x =>
                    {
                        reader.ExpectObject(x.Item, x.Path, "a SAML provider");
                        return new SamlProvider
                        {
                            Arn = reader.RequireString(x.Item, "arn", x.Path),
                            CreateDate = reader.OptionalDate(x.Item, "createDate", x.Path),
                            ValidUntil = reader.OptionalDate(x.Item, "validUntil", x.Path),
                        };
                    })
                    .OrderBy(p => p.Arn, StringComparer.Ordinal)
                    .ToImmutableArray();
            }
        }

        if (Section(root, "mfaDevices", out _))
        {
            parts.VirtualMfaDevices = reader.OptionalArray(root, "mfaDevices", "$")
                .Select(x =>
                {
                    reader.ExpectObject(x.Item, x.Path, "a virtual MFA device");
                    return new VirtualMfaDevice
                    {
                        SerialNumber = reader.RequireString(x.Item, "serialNumber", x.Path),
                        UserArn = reader.OptionalString(x.Item, "userArn", x.Path),
                        UserName = reader.OptionalString(x.Item, "userName", x.Path),
                        EnableDate = reader.OptionalDate(x.Item, "enableDate", x.Path),
                    };
                })
                .OrderBy(d => d.SerialNumber, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        if (Section(root, "accessKeys", out _))
        {
            parts.AccessKeys = reader.OptionalArray(root, "accessKeys", "$")
                .Select(x =>
                {
                    reader.ExpectObject(x.Item, x.Path, "an access key");
                    return new AccessKeyMetadata
                    {
                        UserName = reader.RequireString(x.Item, "userName", x.Path),
                        AccessKeyId = reader.RequireString(x.Item, "accessKeyId", x.Path),
                        Status = reader.RequireString(x.Item, "status", x.Path),
                        CreateDate = reader.OptionalDate(x.Item, "createDate", x.Path),
                    };
                })
                .OrderBy(k => k.UserName, StringComparer.Ordinal)
                .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        if (Section(root, "serverCertificates", out _))
        {
            parts.ServerCertificates = reader.OptionalArray(root, "serverCertificates", "$")
                .Select(x =>
                {
                    reader.ExpectObject(x.Item, x.Path, "a server certificate");
                    return new ServerCertificate
                    {
                        Arn = reader.RequireString(x.Item, "arn", x.Path),
                        Name = reader.RequireString(x.Item, "name", x.Path),
                        Id = reader.OptionalString(x.Item, "id", x.Path) ?? string.Empty,
                        Path = reader.OptionalString(x.Item, "path", x.Path) ?? "/",
                        UploadDate = reader.OptionalDate(x.Item, "uploadDate", x.Path),
                        Expiration = reader.OptionalDate(x.Item, "expiration", x.Path),
                    };
                })
                .OrderBy(c => c.Arn, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        return parts.Parts == SnapshotParts.None ? snapshot : parts.ApplyTo(snapshot);
    }

    private static void WriteCredentialReport(Utf8JsonWriter writer, CredentialReport report)
    {
        writer.WriteStartObject("credentialReport");
        SnapshotJsonWriter.WriteDate(writer, "generatedAt", report.GeneratedAt);
        if (report.Root is { } root)
        {
            writer.WritePropertyName("root");
            WriteEntry(writer, root);
        }
        else
        {
            writer.WriteNull("root");
        }

        writer.WriteStartArray("users");
        foreach (var entry in report.Users)
        {
            WriteEntry(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("duplicates");
        foreach (var entry in report.Duplicates)
        {
            WriteEntry(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, CredentialReportEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("userName", entry.UserName);
        writer.WriteString("arn", entry.Arn);
        writer.WriteString("userCreationTime", entry.UserCreationTime.ToString());
        writer.WriteStartObject("password");
        writer.WriteString("status", StatusName(entry.Password.Status));
        writer.WriteString("lastUsed", entry.Password.LastUsed.ToString());
        writer.WriteString("lastChanged", entry.Password.LastChanged.ToString());
        writer.WriteString("nextRotation", entry.Password.NextRotation.ToString());
        writer.WriteEndObject();
        writer.WriteBoolean("mfaActive", entry.MfaActive);
        WriteAccessKey(writer, "accessKey1", entry.AccessKey1);
        WriteAccessKey(writer, "accessKey2", entry.AccessKey2);
        WriteCertificate(writer, "certificate1", entry.Certificate1);
        WriteCertificate(writer, "certificate2", entry.Certificate2);
        writer.WriteEndObject();
    }

    private static void WriteAccessKey(Utf8JsonWriter writer, string name, AccessKeyCredential key)
    {
        writer.WriteStartObject(name);
        writer.WriteBoolean("active", key.Active);
        writer.WriteString("lastRotated", key.LastRotated.ToString());
        writer.WriteString("lastUsed", key.LastUsed.ToString());
        WriteNullable(writer, "lastUsedRegion", key.LastUsedRegion);
        WriteNullable(writer, "lastUsedService", key.LastUsedService);
        writer.WriteEndObject();
    }

    private static void WriteCertificate(Utf8JsonWriter writer, string name, SigningCertificateCredential certificate)
    {
        writer.WriteStartObject(name);
        writer.WriteBoolean("active", certificate.Active);
        writer.WriteString("lastRotated", certificate.LastRotated.ToString());
        writer.WriteEndObject();
    }

    private static void WritePasswordPolicy(Utf8JsonWriter writer, PasswordPolicy policy)
    {
        writer.WriteStartObject("passwordPolicy");
        writer.WriteBoolean("isSet", policy.IsSet);
        if (policy.IsSet)
        {
            WriteNullable(writer, "minimumPasswordLength", policy.MinimumPasswordLength);
            writer.WriteBoolean("requireSymbols", policy.RequireSymbols);
            writer.WriteBoolean("requireNumbers", policy.RequireNumbers);
            writer.WriteBoolean("requireUppercaseCharacters", policy.RequireUppercaseCharacters);
            writer.WriteBoolean("requireLowercaseCharacters", policy.RequireLowercaseCharacters);
            writer.WriteBoolean("allowUsersToChangePassword", policy.AllowUsersToChangePassword);
            writer.WriteBoolean("expirePasswords", policy.ExpirePasswords);
            WriteNullable(writer, "maxPasswordAge", policy.MaxPasswordAge);
            WriteNullable(writer, "passwordReusePrevention", policy.PasswordReusePrevention);
            writer.WriteBoolean("hardExpiry", policy.HardExpiry);
        }

        writer.WriteEndObject();
    }

    private static CredentialReport ReadCredentialReport(JsonPathReader reader, JsonElement element, string path)
    {
        reader.ExpectObject(element, path, "the credential report");
        var entries = new List<CredentialReportEntry>();
        if (JsonPathReader.TryGet(element, "root", out var root) && root.ValueKind != JsonValueKind.Null)
        {
            entries.Add(ReadEntry(reader, root, path + ".root"));
        }

        entries.AddRange(reader.OptionalArray(element, "users", path).Select(x => ReadEntry(reader, x.Item, x.Path)));
        entries.AddRange(reader.OptionalArray(element, "duplicates", path).Select(x => ReadEntry(reader, x.Item, x.Path)));

        // Root first, then users (one per ARN), then duplicates: the constructor splits them back exactly as written.
        return new CredentialReport(entries, reader.OptionalDate(element, "generatedAt", path));
    }

    private static CredentialReportEntry ReadEntry(JsonPathReader reader, JsonElement element, string path)
    {
        reader.ExpectObject(element, path, "a credential report row");
        var password = Object(reader, element, "password", path);
        return new CredentialReportEntry
        {
            UserName = reader.RequireString(element, "userName", path),
            Arn = reader.RequireString(element, "arn", path),
            UserCreationTime = Date(reader, element, "userCreationTime", path),
            Password = new PasswordCredential
            {
                Status = ParseStatus(reader, reader.RequireString(password, "status", path + ".password"), path + ".password.status"),
                LastUsed = Date(reader, password, "lastUsed", path + ".password"),
                LastChanged = Date(reader, password, "lastChanged", path + ".password"),
                NextRotation = Date(reader, password, "nextRotation", path + ".password"),
            },
            MfaActive = RequireBool(reader, element, "mfaActive", path),
            AccessKey1 = ReadAccessKey(reader, element, "accessKey1", path),
            AccessKey2 = ReadAccessKey(reader, element, "accessKey2", path),
            Certificate1 = ReadCertificate(reader, element, "certificate1", path),
            Certificate2 = ReadCertificate(reader, element, "certificate2", path),
        };
    }

    private static AccessKeyCredential ReadAccessKey(JsonPathReader reader, JsonElement parent, string name, string path)
    {
        var key = Object(reader, parent, name, path);
        var keyPath = $"{path}.{name}";
        return new AccessKeyCredential
        {
            Active = RequireBool(reader, key, "active", keyPath),
            LastRotated = Date(reader, key, "lastRotated", keyPath),
            LastUsed = Date(reader, key, "lastUsed", keyPath),
            LastUsedRegion = reader.OptionalString(key, "lastUsedRegion", keyPath),
            LastUsedService = reader.OptionalString(key, "lastUsedService", keyPath),
        };
    }

    private static SigningCertificateCredential ReadCertificate(JsonPathReader reader, JsonElement parent, string name, string path)
    {
        var certificate = Object(reader, parent, name, path);
        return new SigningCertificateCredential
        {
            Active = RequireBool(reader, certificate, "active", $"{path}.{name}"),
            LastRotated = Date(reader, certificate, "lastRotated", $"{path}.{name}"),
        };
    }

    private static PasswordPolicy ReadPasswordPolicy(JsonPathReader reader, JsonElement element, string path)
    {
        reader.ExpectObject(element, path, "the password policy");
        if (!RequireBool(reader, element, "isSet", path))
        {
            return PasswordPolicy.NotSet;
        }

        return new PasswordPolicy
        {
            MinimumPasswordLength = reader.OptionalInt(element, "minimumPasswordLength", path),
            RequireSymbols = RequireBool(reader, element, "requireSymbols", path),
            RequireNumbers = RequireBool(reader, element, "requireNumbers", path),
            RequireUppercaseCharacters = RequireBool(reader, element, "requireUppercaseCharacters", path),
            RequireLowercaseCharacters = RequireBool(reader, element, "requireLowercaseCharacters", path),
            AllowUsersToChangePassword = RequireBool(reader, element, "allowUsersToChangePassword", path),
            ExpirePasswords = RequireBool(reader, element, "expirePasswords", path),
            MaxPasswordAge = reader.OptionalInt(element, "maxPasswordAge", path),
            PasswordReusePrevention = reader.OptionalInt(element, "passwordReusePrevention", path),
            HardExpiry = RequireBool(reader, element, "hardExpiry", path),
        };
    }

    private static AccountSummary ReadAccountSummary(JsonPathReader reader, JsonElement element, string path)
    {
        reader.ExpectObject(element, path, "the account summary");
        var counters = Object(reader, element, "counters", path);
        return new AccountSummary(counters.EnumerateObject().Select(p =>
            p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var value)
                ? new KeyValuePair<string, long>(p.Name, value)
                : throw reader.Error($"{path}.counters.{p.Name}", $"expected a whole-number counter, found {JsonInput.Describe(p.Value.ValueKind)}")));
    }

    private static bool Section(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static JsonElement Object(JsonPathReader reader, JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw reader.Error($"{path}.{name}", "a required value is missing");
        }

        reader.ExpectObject(value, $"{path}.{name}", name);
        return value;
    }

    private static bool RequireBool(JsonPathReader reader, JsonElement obj, string name, string path) =>
        reader.OptionalBool(obj, name, path) ?? throw reader.Error($"{path}.{name}", "a required value is missing");

    private static CredentialDate Date(JsonPathReader reader, JsonElement obj, string name, string path)
    {
        var text = reader.RequireString(obj, name, path);
        return CredentialDate.TryParse(text, out var date)
            ? date
            : throw reader.Error($"{path}.{name}", $"{CredentialDate.ExpectedText}, found \"{text}\"");
    }

    private static string StatusName(PasswordStatus status) => status switch
    {
        PasswordStatus.Enabled => "enabled",
        PasswordStatus.NotSupported => "notSupported",
        _ => "disabled",
    };

    private static PasswordStatus ParseStatus(JsonPathReader reader, string text, string path) => text switch
    {
        "enabled" => PasswordStatus.Enabled,
        "disabled" => PasswordStatus.Disabled,
        "notSupported" => PasswordStatus.NotSupported,
        _ => throw reader.Error(path, $"expected enabled, disabled or notSupported, found \"{text}\""),
    };

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    // Null (details unknown) is written as null, not as [], so "unknown" survives a round trip.
    private static void WriteStrings(Utf8JsonWriter writer, string name, ImmutableArray<string>? values)
    {
        if (values is { } list)
        {
            SnapshotJsonWriter.WriteStrings(writer, name, list.Order(StringComparer.Ordinal));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static ImmutableArray<string>? ReadStrings(JsonPathReader reader, JsonElement obj, string name, string path, string what)
    {
        if (!JsonPathReader.TryGet(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return reader.OptionalArray(obj, name, path)
            .Select(x => x.Item.ValueKind == JsonValueKind.String ? x.Item.GetString()! : throw reader.Error(x.Path, $"expected {what} (a string), found {JsonInput.Describe(x.Item.ValueKind)}"))
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
