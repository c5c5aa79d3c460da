using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>
/// Reads the AWS CLI (or boto3) JSON output of the account-level IAM calls: <c>get-account-password-policy</c>,
/// <c>get-account-summary</c>, <c>list-account-aliases</c>, <c>list-open-id-connect-providers</c>,
/// <c>list-saml-providers</c> and <c>list-virtual-mfa-devices</c>. Keys are matched ignoring case; keys this version
/// does not know are ignored. Lists are returned sorted (ordinal) so that two captures of one account compare equal.
/// </summary>
internal static class AccountSettingsParser
{
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
    internal static PasswordPolicy? ParsePasswordPolicy(string text, string? filePath = null, ICollection<SnapshotWarning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimStart('\uFEFF');
        if (trimmed.Length == 0)
        {
            warnings?.Add(new SnapshotWarning(
                filePath, "$", "the password-policy file is empty, which the AWS CLI leaves both when no policy is set and when the call failed; the password policy is recorded as unknown"));
            return null;
        }

        if (trimmed[0] != '{' && trimmed.Contains("NoSuchEntity", StringComparison.Ordinal))
        {
            return PasswordPolicy.NotSet;
        }

        using var document = SourceJson.Parse(trimmed, filePath);
        var root = document.RootElement;
        SourceJson.RequireObject(root, "$", filePath, "{\"PasswordPolicy\":{...}} or {} for no policy");
        var path = "$.PasswordPolicy";
        if (SourceJson.TryGetProperty(root, "PasswordPolicy", out var policy))
        {
            if (policy.ValueKind == JsonValueKind.Null)
            {
                return PasswordPolicy.NotSet;
            }

            SourceJson.RequireObject(policy, path, filePath, "the password policy object");
        }
        else if (!root.EnumerateObject().Any())
        {
            return PasswordPolicy.NotSet;
        }
        else if (SourceJson.TryGetProperty(root, "MinimumPasswordLength", out _) || SourceJson.TryGetProperty(root, "RequireSymbols", out _))
        {
            // The bare policy object, as `--query PasswordPolicy` prints it.
            policy = root;
            path = "$";
        }
        else
        {
            throw new SnapshotFormatException(
                filePath, "$", "{\"PasswordPolicy\":{...}} or {} for no policy", "an object without PasswordPolicy");
        }

        return new PasswordPolicy
        {
            MinimumPasswordLength = OptionalInt(policy, "MinimumPasswordLength", path, filePath),
            RequireSymbols = Bool(policy, "RequireSymbols", path, filePath),
            RequireNumbers = Bool(policy, "RequireNumbers", path, filePath),
            RequireUppercaseCharacters = Bool(policy, "RequireUppercaseCharacters", path, filePath),
            RequireLowercaseCharacters = Bool(policy, "RequireLowercaseCharacters", path, filePath),
            AllowUsersToChangePassword = Bool(policy, "AllowUsersToChangePassword", path, filePath),
            ExpirePasswords = Bool(policy, "ExpirePasswords", path, filePath),
            MaxPasswordAge = OptionalInt(policy, "MaxPasswordAge", path, filePath),
            PasswordReusePrevention = OptionalInt(policy, "PasswordReusePrevention", path, filePath),
            HardExpiry = Bool(policy, "HardExpiry", path, filePath),
        };
    }

    /// <summary>Reads <c>get-account-summary</c> output: <c>{"SummaryMap":{"Users":3,…}}</c>, every counter kept.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The summary.</returns>
    internal static AccountSummary ParseAccountSummary(string text, string? filePath = null)
    {
        using var document = SourceJson.Parse(text, filePath);
        var map = RequiredMember(document.RootElement, "SummaryMap", filePath, JsonValueKind.Object, "{\"SummaryMap\":{...}}");
        var counters = new List<KeyValuePair<string, long>>();
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out var value))
            {
                throw new SnapshotFormatException(
                    filePath, $"$.SummaryMap.{property.Name}", "an integer counter", SourceJson.Describe(property.Value));
            }

            counters.Add(new KeyValuePair<string, long>(property.Name, value));
        }

        return new AccountSummary(counters);
    }

    /// <summary>Reads <c>list-account-aliases</c> output: <c>{"AccountAliases":["prod"]}</c>.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The aliases, sorted (ordinal); empty when the account has none.</returns>
    internal static ImmutableArray<string> ParseAccountAliases(string text, string? filePath = null)
    {
        using var document = SourceJson.Parse(text, filePath);
        var list = RequiredMember(document.RootElement, "AccountAliases", filePath, JsonValueKind.Array, "{\"AccountAliases\":[...]}");
        var aliases = new List<string>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
            {
                throw new SnapshotFormatException(filePath, Index("$.AccountAliases", i), "an alias string", SourceJson.Describe(item));
            }

            aliases.Add(item.GetString()!);
            i++;
        }

        return [.. aliases.Order(StringComparer.Ordinal)];
    }

    /// <summary>Reads <c>list-open-id-connect-providers</c> output: <c>{"OpenIDConnectProviderList":[{"Arn":…}]}</c>.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The providers, sorted by ARN (ordinal).</returns>
    internal static ImmutableArray<OpenIdConnectProvider> ParseOpenIdConnectProviders(string text, string? filePath = null) =>
        ParseList(text, filePath, "OpenIDConnectProviderList", (item, path) => new OpenIdConnectProvider
        {
            Arn = SourceJson.RequiredString(item, "Arn", path, filePath),
        })
        .OrderBy(p => p.Arn, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Reads <c>list-saml-providers</c> output: <c>{"SAMLProviderList":[{"Arn","ValidUntil","CreateDate"}]}</c>.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="filePath">The file, for messages.</param>
    /// <returns>The providers, sorted by ARN (ordinal).</returns>
    internal static ImmutableArray<SamlProvider> ParseSamlProviders(string text, string? filePath = null) =>
        ParseList(text, filePath, "SAMLProviderList", (item, path) => new SamlProvider
        {
            Arn = SourceJson.RequiredString(item, "Arn", path, filePath),
            CreateDate = SourceJson.OptionalTimestamp(item, "CreateDate", path, filePath),
            ValidUntil = SourceJson.OptionalTimestamp(item, "ValidUntil", path, filePath),
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
    internal static ImmutableArray<VirtualMfaDevice> ParseVirtualMfaDevices(string text, string? filePath = null) =>
        ParseList(text, filePath, "VirtualMFADevices", (item, path) =>
        {
            string? userArn = null;
            string? userName = null;
            if (SourceJson.TryGetProperty(item, "User", out var user) && user.ValueKind != JsonValueKind.Null)
            {
                SourceJson.RequireObject(user, path + ".User", filePath, "the assigned user object");
                userArn = SourceJson.RequiredString(user, "Arn", path + ".User", filePath);
                userName = SourceJson.OptionalString(user, "UserName", path + ".User", filePath);
            }

            return new VirtualMfaDevice
            {
                SerialNumber = SourceJson.RequiredString(item, "SerialNumber", path, filePath),
                UserArn = userArn,
                UserName = userName,
                EnableDate = SourceJson.OptionalTimestamp(item, "EnableDate", path, filePath),
            };
        })
        .OrderBy(d => d.SerialNumber, StringComparer.Ordinal)
        .ToImmutableArray();

    private static List<T> ParseList<T>(string text, string? filePath, string key, Func<JsonElement, string, T> read)
    {
        using var document = SourceJson.Parse(text, filePath);
        var list = RequiredMember(document.RootElement, key, filePath, JsonValueKind.Array, $"{{\"{key}\":[...]}}");
        var items = new List<T>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = Index("$." + key, i);
            SourceJson.RequireObject(item, path, filePath, "an object");
            items.Add(read(item, path));
            i++;
        }

        return items;
    }

    private static JsonElement RequiredMember(JsonElement root, string key, string? filePath, JsonValueKind kind, string expected)
    {
        SourceJson.RequireObject(root, "$", filePath, expected);
        if (!SourceJson.TryGetProperty(root, key, out var value))
        {
            throw new SnapshotFormatException(filePath, "$." + key, expected, "no " + key + " key");
        }

        if (value.ValueKind != kind)
        {
            throw new SnapshotFormatException(
                filePath, "$." + key, kind == JsonValueKind.Array ? "an array" : "an object", SourceJson.Describe(value));
        }

        return value;
    }

    private static bool Bool(JsonElement obj, string name, string path, string? filePath)
    {
        if (!SourceJson.TryGetProperty(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SnapshotFormatException(filePath, $"{path}.{name}", "true or false", SourceJson.Describe(value)),
        };
    }

    private static int? OptionalInt(JsonElement obj, string name, string path, string? filePath)
    {
        if (!SourceJson.TryGetProperty(obj, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw new SnapshotFormatException(filePath, $"{path}.{name}", "a non-negative integer", SourceJson.Describe(value));
    }

    private static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
