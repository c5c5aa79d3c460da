using System.Collections.Immutable;
using System.Text;
using IamSnapshot.Model;
using IamSnapshot.Sources;

namespace IamSnapshot.Aws.Capture;

/// <summary>
/// Reads the captured CLI JSON of the account-level parts with the import parsers (the same code that reads a
/// folder of AWS CLI outputs), so live and imported parts are equal.
/// </summary>
internal static class OptionalPartsReader
{
    /// <summary>Adds the captured parts to the snapshot.</summary>
    /// <param name="snapshot">The authorization-details snapshot.</param>
    /// <param name="parts">The captured CLI JSON per part.</param>
    /// <param name="warnings">Receives what the parsers warn about (duplicate report rows, unknown columns).</param>
    /// <returns>The snapshot with the parts.</returns>
    /// <exception cref="AwsCaptureException">A part does not parse.</exception>
    public static AccountSnapshot Apply(AccountSnapshot snapshot, IReadOnlyDictionary<SnapshotParts, byte[]> parts, ICollection<SnapshotWarning> warnings)
    {
        var optional = new OptionalParts
        {
            CredentialReport = Read(parts, SnapshotParts.CredentialReport, "GetCredentialReport", (text, name) => CredentialReportParser.Parse(text, name, warnings)),
            PasswordPolicy = Read(parts, SnapshotParts.PasswordPolicy, "GetAccountPasswordPolicy", (text, name) => AccountSettingsParser.ParsePasswordPolicy(text, name, warnings)),
            AccountSummary = Read(parts, SnapshotParts.AccountSummary, "GetAccountSummary", AccountSettingsParser.ParseAccountSummary),
            AccountAliases = ReadList(parts, SnapshotParts.AccountAliases, "ListAccountAliases", AccountSettingsParser.ParseAccountAliases),
            // Both lists live in one document; each parser reads its own key. Each OIDC entry carries its
            // GetOpenIDConnectProvider details (URL, client ids, thumbprints), merged in by the capturer.
            OpenIdConnectProviders = ReadList(parts, SnapshotParts.IdentityProviders, "ListOpenIDConnectProviders", AccountSettingsParser.ParseOpenIdConnectProviders),
            SamlProviders = ReadList(parts, SnapshotParts.IdentityProviders, "ListSAMLProviders", AccountSettingsParser.ParseSamlProviders),
            VirtualMfaDevices = ReadList(parts, SnapshotParts.MfaDevices, "ListVirtualMFADevices", AccountSettingsParser.ParseVirtualMfaDevices),
            AccessKeys = ReadList(parts, SnapshotParts.AccessKeys, "ListAccessKeys", (text, name) => AccountSettingsParser.ParseAccessKeys(text, name)),
            ServerCertificates = ReadList(parts, SnapshotParts.ServerCertificates, "ListServerCertificates", (text, name) => AccountSettingsParser.ParseServerCertificates(text, name)),
        };
        return optional.ApplyTo(snapshot);
    }

    private static T? Read<T>(IReadOnlyDictionary<SnapshotParts, byte[]> parts, SnapshotParts part, string operation, Func<string, string, T?> parse)
        where T : class
    {
        if (!parts.TryGetValue(part, out var json))
        {
            return null;
        }

        try
        {
            return parse(Encoding.UTF8.GetString(json), $"{operation} response");
        }
        catch (SnapshotFormatException ex)
        {
            throw Malformed(part, operation, ex);
        }
    }

    private static ImmutableArray<T>? ReadList<T>(IReadOnlyDictionary<SnapshotParts, byte[]> parts, SnapshotParts part, string operation, Func<string, string?, ImmutableArray<T>> parse)
    {
        if (!parts.TryGetValue(part, out var json))
        {
            return null;
        }

        try
        {
            return parse(Encoding.UTF8.GetString(json), $"{operation} response");
        }
        catch (SnapshotFormatException ex)
        {
            throw Malformed(part, operation, ex);
        }
    }

    private static AwsCaptureException Malformed(SnapshotParts part, string operation, SnapshotFormatException ex) =>
        new(AwsFailureKind.MalformedResponse, $"{operation} returned data the snapshot parsers reject: {ex.Message}", ex) { Operation = operation, Part = part };
}
