using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// Reads the AWS CLI (or boto3) JSON output of the account-level IAM calls: <c>get-account-password-policy</c>,
/// <c>get-account-summary</c>, <c>list-account-aliases</c>, <c>list-open-id-connect-providers</c>,
/// <c>get-open-id-connect-provider</c>, <c>list-saml-providers</c>, <c>list-virtual-mfa-devices</c>, <c>list-access-keys</c>
/// and <c>list-server-certificates</c>. Keys are matched ignoring case; keys this version
/// does not know are ignored. Lists are returned sorted (ordinal) so that two captures of one account compare equal.
/// </summary>
internal static class AccountSettingsParser
{
    private const string ExpectedPasswordPolicy = "expected {\"PasswordPolicy\":{...}}, or {} when no policy is set";

    /// <summary>
    /// Reads <c>get-account-password-policy</c> output. <c>{"PasswordPolicy":{…}}</c> (or the bare policy object) is a
    /// policy; <c>{}</c>, <c>{"PasswordPolicy":null}</c> or the CLI's <c>NoSuchEntity</c> error text is
    /// <see cref="PasswordPolicy.NotSet"/>. An empty file is what the CLI leaves both for "no policy" and for a failed
    /// call (access denied), so it cannot be trusted either way: it gives null (unknown) and a warning.
    /// </summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="warnings">Receives a warning for an empty file, or null to discard it.</param>
    /// <returns>The policy, <see cref="PasswordPolicy.NotSet"/>, or null when the input cannot tell.</returns>
    internal static PasswordPolicy? ParsePasswordPolicy(string text, string? filePath = null, ICollection<SnapshotWarning>? warnings = null) =>
        ParsePasswordPolicy(text, filePath, warnings, options: null);

    /// <inheritdoc cref="ParsePasswordPolicy(string, string?, ICollection{SnapshotWarning}?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="warnings">Receives a warning for an empty file, or null to discard it.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static PasswordPolicy? ParsePasswordPolicy(string text, string? filePath, ICollection<SnapshotWarning>? warnings, ImportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = filePath ?? TextInput.UnnamedInput;
        var trimmed = text.Trim().TrimStart('\uFEFF');
        if (trimmed.Length == 0)
        {
            warnings?.Add(new SnapshotWarning(
                filePath, string.Empty, "the password-policy file is empty, which the AWS CLI leaves both when no policy is set and when the call failed; the password policy is recorded as unknown"));
            return null;
        }

        if (trimmed[0] != '{' && trimmed.Contains("NoSuchEntity", StringComparison.Ordinal))
        {
            return PasswordPolicy.NotSet;
        }

        using var document = TextInput.ParseJson(trimmed, name, options);
        var reader = new JsonPathReader(name);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotFormatException(name, "$", ExpectedPasswordPolicy, JsonInput.Describe(root.ValueKind));
        }

        var path = "$.PasswordPolicy";
        if (JsonPathReader.TryGet(root, "PasswordPolicy", out var policy))
        {
            if (policy.ValueKind == JsonValueKind.Null)
            {
                return PasswordPolicy.NotSet;
            }

            reader.ExpectObject(policy, path, "the password policy");
        }
        else if (!root.EnumerateObject().Any())
        {
            return PasswordPolicy.NotSet;
        }
        else if (JsonPathReader.TryGet(root, "MinimumPasswordLength", out _) || JsonPathReader.TryGet(root, "RequireSymbols", out _))
        {
            // The bare policy object, as `--query PasswordPolicy` prints it.
            policy = root;
            path = "$";
        }
        else
        {
            throw new SnapshotFormatException(name, "$", ExpectedPasswordPolicy, "an object without PasswordPolicy");
        }

        return new PasswordPolicy
        {
            MinimumPasswordLength = reader.OptionalInt(policy, "MinimumPasswordLength", path),
            RequireSymbols = reader.OptionalBool(policy, "RequireSymbols", path) ?? false,
            RequireNumbers = reader.OptionalBool(policy, "RequireNumbers", path) ?? false,
            RequireUppercaseCharacters = reader.OptionalBool(policy, "RequireUppercaseCharacters", path) ?? false,
            RequireLowercaseCharacters = reader.OptionalBool(policy, "RequireLowercaseCharacters", path) ?? false,
            AllowUsersToChangePassword = reader.OptionalBool(policy, "AllowUsersToChangePassword", path) ?? false,
            ExpirePasswords = reader.OptionalBool(policy, "ExpirePasswords", path) ?? false,
            MaxPasswordAge = reader.OptionalInt(policy, "MaxPasswordAge", path),
            PasswordReusePrevention = reader.OptionalInt(policy, "PasswordReusePrevention", path),
            HardExpiry = reader.OptionalBool(policy, "HardExpiry", path) ?? false,
        };
    }

    /// <summary>Reads <c>get-account-summary</c> output: <c>{"SummaryMap":{"Users":3,…}}</c>, every counter kept.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The summary.</returns>
    internal static AccountSummary ParseAccountSummary(string text, string? filePath = null) => ParseAccountSummary(text, filePath, options: null);

    /// <inheritdoc cref="ParseAccountSummary(string, string?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static AccountSummary ParseAccountSummary(string text, string? filePath, ImportOptions? options)
    {
        var name = filePath ?? TextInput.UnnamedInput;
        using var document = TextInput.ParseJson(text, name, options);
        var map = RequiredMember(document.RootElement, "SummaryMap", name, JsonValueKind.Object);
        var counters = new List<KeyValuePair<string, long>>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var value))
            {
                throw new SnapshotFormatException(
                    name, $"$.SummaryMap.{property.Name}", "expected a whole-number counter", property.Value.GetRawText());
            }

            if (counters.Exists(c => string.Equals(c.Key, property.Name, StringComparison.Ordinal)))
            {
                throw new SnapshotFormatException(name, $"$.SummaryMap.{property.Name}", "each counter once; this one is listed twice", property.Value.GetRawText());
            }

            counters.Add(new KeyValuePair<string, long>(property.Name, value));
        }

        return new AccountSummary(counters);
    }

    /// <summary>Reads <c>list-account-aliases</c> output: <c>{"AccountAliases":["prod"]}</c>.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The aliases, sorted (ordinal); empty when the account has none.</returns>
    internal static ImmutableArray<string> ParseAccountAliases(string text, string? filePath = null) => ParseAccountAliases(text, filePath, options: null);

    /// <inheritdoc cref="ParseAccountAliases(string, string?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static ImmutableArray<string> ParseAccountAliases(string text, string? filePath, ImportOptions? options) =>
        ParseList(text, filePath, options, "AccountAliases", (reader, item, path) =>
            item.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(item.GetString())
                ? item.GetString()!
                : throw reader.Error(path, $"expected an alias (a non-empty string), found {JsonInput.Describe(item.ValueKind)}"))
        .Order(StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>
    /// Reads <c>list-open-id-connect-providers</c> output: <c>{"OpenIDConnectProviderList":[{"Arn":…}]}</c>. An entry may
    /// also carry the provider's <c>get-open-id-connect-provider</c> output (<c>Url</c>, <c>ClientIDList</c>,
    /// <c>ThumbprintList</c>, <c>CreateDate</c>), as a live capture writes it; without them the details are unknown.
    /// </summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The providers, sorted by ARN (ordinal).</returns>
    internal static ImmutableArray<OpenIdConnectProvider> ParseOpenIdConnectProviders(string text, string? filePath = null) => ParseOpenIdConnectProviders(text, filePath, options: null);

    /// <inheritdoc cref="ParseOpenIdConnectProviders(string, string?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static ImmutableArray<OpenIdConnectProvider> ParseOpenIdConnectProviders(string text, string? filePath, ImportOptions? options) =>
        ParseList(text, filePath, options, "OpenIDConnectProviderList", (reader, item, path) =>
        {
            reader.ExpectObject(item, path, "an OpenID Connect provider");
            var provider = new OpenIdConnectProvider { Arn = reader.RequireString(item, "Arn", path) };
            var hasDetails = JsonPathReader.TryGet(item, "Url", out _) || JsonPathReader.TryGet(item, "ClientIDList", out _) || JsonPathReader.TryGet(item, "ThumbprintList", out _);
            return hasDetails ? WithDetails(provider, reader, item, path) : provider;
        })
        .OrderBy(p => p.Arn, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>
    /// Reads <c>get-open-id-connect-provider</c> output (<c>{"Url","ClientIDList","ThumbprintList","CreateDate","Tags"}</c>),
    /// which does not name the provider's ARN: <paramref name="provider"/> is the listed provider it belongs to.
    /// </summary>
    /// <param name="provider">The listed provider.</param>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits, or null for the defaults.</param>
    /// <returns>The provider with its details.</returns>
    internal static OpenIdConnectProvider ParseOpenIdConnectProviderDetails(OpenIdConnectProvider provider, string text, string? filePath = null, ImportOptions? options = null)
    {
        var name = filePath ?? TextInput.UnnamedInput;
        using var document = TextInput.ParseJson(text, name, options);
        RequiredMember(document.RootElement, "Url", name, JsonValueKind.String);
        return WithDetails(provider, new JsonPathReader(name), document.RootElement, "$");
    }

    /// <summary>The issuer URL of <c>get-open-id-connect-provider</c> output, as IAM spells it (no scheme).</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits, or null for the defaults.</param>
    /// <returns>The URL without <c>https://</c>.</returns>
    internal static string ParseOpenIdConnectProviderUrl(string text, string? filePath = null, ImportOptions? options = null)
    {
        var name = filePath ?? TextInput.UnnamedInput;
        using var document = TextInput.ParseJson(text, name, options);
        return StripScheme(RequiredMember(document.RootElement, "Url", name, JsonValueKind.String).GetString()!);
    }

    /// <summary>
    /// The issuer URL an OIDC provider ARN names (<c>arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com</c>
    /// names <c>token.actions.githubusercontent.com</c>), or null when the ARN is not an OIDC provider's.
    /// </summary>
    /// <param name="arn">The provider ARN.</param>
    /// <returns>The URL, or null.</returns>
    internal static string? OpenIdConnectUrlOf(string arn)
    {
        const string Marker = ":oidc-provider/";
        var at = arn.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : arn[(at + Marker.Length)..];
    }

    /// <summary>
    /// Reads <c>list-access-keys</c> output: <c>{"AccessKeyMetadata":[{"UserName","AccessKeyId","Status","CreateDate"}]}</c>,
    /// one user's or (concatenated by a script) every user's. Secrets are never read, whatever the file holds. A key
    /// id listed twice is an error, since its two entries could disagree.
    /// </summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits, or null for the defaults.</param>
    /// <returns>The keys, sorted by user name then key id (ordinal).</returns>
    internal static ImmutableArray<AccessKeyMetadata> ParseAccessKeys(string text, string? filePath = null, ImportOptions? options = null)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        return ParseList(text, filePath, options, "AccessKeyMetadata", (reader, item, path) =>
        {
            reader.ExpectObject(item, path, "an access key");
            var key = new AccessKeyMetadata
            {
                UserName = NonEmpty(reader, item, "UserName", path),
                AccessKeyId = NonEmpty(reader, item, "AccessKeyId", path),
                Status = NonEmpty(reader, item, "Status", path),
                CreateDate = reader.OptionalDate(item, "CreateDate", path)?.ToUniversalTime(),
            };
            if (!seen.TryAdd(key.AccessKeyId, path))
            {
                throw reader.Error(path + ".AccessKeyId", $"each access key once; {key.AccessKeyId} is also listed at {seen[key.AccessKeyId]}");
            }

            return key;
        })
        .OrderBy(k => k.UserName, StringComparer.Ordinal)
        .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
        .ToImmutableArray();
    }

    /// <summary>
    /// Reads <c>list-server-certificates</c> output:
    /// <c>{"ServerCertificateMetadataList":[{"Path","ServerCertificateName","ServerCertificateId","Arn","UploadDate","Expiration"}]}</c>.
    /// </summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits, or null for the defaults.</param>
    /// <returns>The certificates, sorted by ARN (ordinal).</returns>
    internal static ImmutableArray<ServerCertificate> ParseServerCertificates(string text, string? filePath = null, ImportOptions? options = null) =>
        ParseList(text, filePath, options, "ServerCertificateMetadataList", (reader, item, path) =>
        {
            reader.ExpectObject(item, path, "a server certificate");
            return new ServerCertificate
            {
                Arn = NonEmpty(reader, item, "Arn", path),
                Name = NonEmpty(reader, item, "ServerCertificateName", path),
                Id = reader.OptionalString(item, "ServerCertificateId", path) ?? string.Empty,
                Path = reader.OptionalString(item, "Path", path) ?? "/",
                UploadDate = reader.OptionalDate(item, "UploadDate", path)?.ToUniversalTime(),
                Expiration = reader.OptionalDate(item, "Expiration", path)?.ToUniversalTime(),
            };
        })
        .OrderBy(c => c.Arn, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Reads <c>list-saml-providers</c> output: <c>{"SAMLProviderList":[{"Arn","ValidUntil","CreateDate"}]}</c>.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The providers, sorted by ARN (ordinal).</returns>
    internal static ImmutableArray<SamlProvider> ParseSamlProviders(string text, string? filePath = null) => ParseSamlProviders(text, filePath, options: null);

    /// <inheritdoc cref="ParseSamlProviders(string, string?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static ImmutableArray<SamlProvider> ParseSamlProviders(string text, string? filePath, ImportOptions? options) =>
        ParseList(text, filePath, options, "SAMLProviderList", (reader, item, path) =>
        {
            reader.ExpectObject(item, path, "a SAML provider");
            return new SamlProvider
            {
                Arn = reader.RequireString(item, "Arn", path),
                CreateDate = reader.OptionalDate(item, "CreateDate", path)?.ToUniversalTime(),
                ValidUntil = reader.OptionalDate(item, "ValidUntil", path)?.ToUniversalTime(),
            };
        })
        .OrderBy(p => p.Arn, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>
    /// Reads <c>list-virtual-mfa-devices</c> output:
    /// <c>{"VirtualMFADevices":[{"SerialNumber","User":{"Arn","UserName",…},"EnableDate"}]}</c>. Unassigned devices have no <c>User</c>.
    /// </summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The devices, sorted by serial number (ordinal).</returns>
    internal static ImmutableArray<VirtualMfaDevice> ParseVirtualMfaDevices(string text, string? filePath = null) => ParseVirtualMfaDevices(text, filePath, options: null);

    /// <inheritdoc cref="ParseVirtualMfaDevices(string, string?)"/>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <param name="options">The input limits (<see cref="ImportOptions.MaxDepth"/>).</param>
    internal static ImmutableArray<VirtualMfaDevice> ParseVirtualMfaDevices(string text, string? filePath, ImportOptions? options) =>
        ParseList(text, filePath, options, "VirtualMFADevices", (reader, item, path) =>
        {
            reader.ExpectObject(item, path, "a virtual MFA device");
            string? userArn = null;
            string? userName = null;
            if (JsonPathReader.TryGet(item, "User", out var user) && user.ValueKind != JsonValueKind.Null)
            {
                reader.ExpectObject(user, path + ".User", "the assigned user");
                userArn = reader.RequireString(user, "Arn", path + ".User");
                userName = reader.OptionalString(user, "UserName", path + ".User");
            }

            return new VirtualMfaDevice
            {
                SerialNumber = reader.RequireString(item, "SerialNumber", path),
                UserArn = userArn,
                UserName = userName,
                EnableDate = reader.OptionalDate(item, "EnableDate", path)?.ToUniversalTime(),
            };
        })
        .OrderBy(d => d.SerialNumber, StringComparer.Ordinal)
        .ToImmutableArray();

    private static OpenIdConnectProvider WithDetails(OpenIdConnectProvider provider, JsonPathReader reader, JsonElement item, string path) => provider with
    {
        Url = reader.OptionalString(item, "Url", path) is { } url ? StripScheme(url) : null,
        ClientIds = Strings(reader, item, "ClientIDList", path, "a client id"),
        Thumbprints = Strings(reader, item, "ThumbprintList", path, "a thumbprint"),
        CreateDate = reader.OptionalDate(item, "CreateDate", path)?.ToUniversalTime(),
    };

    // IAM returns the issuer without its scheme; a hand-written file may keep it.
    private static string StripScheme(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url["https://".Length..] : url;

    private static ImmutableArray<string> Strings(JsonPathReader reader, JsonElement item, string name, string path, string what) =>
        reader.OptionalArray(item, name, path)
            .Select(x => x.Item.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(x.Item.GetString())
                ? x.Item.GetString()!
                : throw reader.Error(x.Path, $"expected {what} (a non-empty string), found {JsonInput.Describe(x.Item.ValueKind)}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();

    private static string NonEmpty(JsonPathReader reader, JsonElement item, string name, string path)
    {
        var value = reader.RequireString(item, name, path);
        return value.Length > 0 ? value : throw reader.Error($"{path}.{name}", "expected a non-empty string");
    }

    private static List<T> ParseList<T>(string text, string? filePath, ImportOptions? options, string key, Func<JsonPathReader, JsonElement, string, T> read)
    {
        var name = filePath ?? TextInput.UnnamedInput;
        using var document = TextInput.ParseJson(text, name, options);
        var reader = new JsonPathReader(name);
        RequiredMember(document.RootElement, key, name, JsonValueKind.Array);
        return reader.OptionalArray(document.RootElement, key, "$").Select(x => read(reader, x.Item, x.Path)).ToList();
    }

    /// <summary>The top-level member every output of one call has; its absence means the file is some other output.</summary>
    private static JsonElement RequiredMember(JsonElement root, string key, string filePath, JsonValueKind kind)
    {
        var (shape, expected) = kind switch
        {
            JsonValueKind.Array => ($"{{\"{key}\":[...]}}", "expected a list"),
            JsonValueKind.String => ($"{{\"{key}\":\"...\"}}", "expected a string"),
            _ => ($"{{\"{key}\":{{...}}}}", "expected an object"),
        };
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SnapshotFormatException(filePath, "$", $"expected {shape}", JsonInput.Describe(root.ValueKind));
        }

        if (!JsonPathReader.TryGet(root, key, out var value))
        {
            throw new SnapshotFormatException(filePath, "$." + key, $"expected {shape}", $"no {key} key");
        }

        if (value.ValueKind != kind)
        {
            throw new SnapshotFormatException(filePath, "$." + key, expected, JsonInput.Describe(value.ValueKind));
        }

        return value;
    }
}
