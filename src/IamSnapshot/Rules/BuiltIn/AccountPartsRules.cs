using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

// Rules on the account-level parts a live capture (or a full folder import) adds: OpenID Connect provider details and
// server certificates. Each stays silent when a snapshot lacks the part, so an authorization-details-only diff never
// reports them.

/// <summary>IAM2012: an OpenID Connect provider accepts a new client id (audience).</summary>
internal sealed class OidcClientIdAddedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2012", "OIDC provider accepts a new client id", "OpenID Connect provider {0} now accepts tokens issued for the client id {1}",
        RuleCategory.Trust, RuleKind.Change, Severity.Medium,
        "A client id (audience) was added to an existing OpenID Connect provider (AddClientIDToOpenIDConnectProvider). IAM accepts a web-identity token only when its aud claim is one of the provider's client ids, so each new id lets the users of one more application (a Google, Auth0, Cognito or Okta app) exchange their tokens for the credentials of every role that trusts the provider, unless those roles' trust policies pin the aud claim themselves. It is trust material changing without any role changing, which reviews of roles miss. Compared only when both snapshots hold the provider's details (a live capture, or a folder import with get-open-id-connect-provider files); new providers, and removed client ids, which narrow trust, are not reported. Fix: confirm the application the id belongs to; remove it (RemoveClientIDFromOpenIDConnectProvider) if unknown, and make the trusting roles check the aud claim. Suppress by rule id and the provider's ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (before, after) in OidcFacts.ProvidersWithDetails(context))
        {
            foreach (var id in after.ClientIds!.Value.Except(before.ClientIds!.Value, StringComparer.Ordinal))
            {
                context.Report(after.Arn, null, "client id " + id, AccountPartsDiffer.OidcPath(after.Arn) + "/clientIds/" + SnapshotDiffer.Segment(id), OidcFacts.Name(after), id);
            }
        }
    }
}

/// <summary>IAM2013: an OpenID Connect provider trusts a new server-certificate thumbprint.</summary>
internal sealed class OidcThumbprintAddedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2013", "OIDC provider trusts a new certificate thumbprint", "OpenID Connect provider {0} trusts a new server-certificate thumbprint {1}{2}",
        RuleCategory.Trust, RuleKind.Change, Severity.Medium,
        "A thumbprint was added to an existing OpenID Connect provider (UpdateOpenIDConnectProviderThumbprint), alone or replacing another. For issuers that AWS does not secure with its own library of trusted root CAs, IAM checks the TLS certificate of the issuer's key endpoint against these thumbprints: a thumbprint of someone else's certificate lets whoever can answer for the issuer's host name (a hijacked DNS record, an intercepting proxy) serve signing keys, and so mint tokens every role trusting the provider accepts. Legitimate changes happen when the issuer rotates its certificate chain. Compared case-insensitively, only when both snapshots hold the provider's details; new providers, and removed thumbprints, are not reported. Fix: check the thumbprint against the issuer's current certificate chain (openssl s_client -showcerts); remove it if it does not match. Suppress by rule id and the provider's ARN glob with a justification (for example a planned certificate rotation).");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var (before, after) in OidcFacts.ProvidersWithDetails(context))
        {
            var old = before.Thumbprints!.Value.Select(t => t.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            var @new = after.Thumbprints!.Value.Select(t => t.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            var removed = old.Except(@new).Order(StringComparer.Ordinal).ToList();
            foreach (var thumbprint in @new.Except(old).Order(StringComparer.Ordinal))
            {
                var replacing = removed.Count > 0 ? $" (replacing {string.Join(", ", removed)})" : string.Empty;
                context.Report(after.Arn, null, "thumbprint " + thumbprint, AccountPartsDiffer.OidcPath(after.Arn) + "/thumbprints/" + SnapshotDiffer.Segment(thumbprint), OidcFacts.Name(after), thumbprint, replacing);
            }
        }
    }
}

/// <summary>IAM4013: an expired server certificate is still stored in IAM.</summary>
internal sealed class ExpiredServerCertificateRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4013", "Expired server certificate", "Server certificate {0} expired on {1}, {2} day(s) before the capture",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Medium,
        "A server certificate stored in IAM had expired when the snapshot was captured (judged against the capture time, else the credential report's generation time, never the wall clock, so a saved snapshot always gives the same answer; silent when neither is known). CIS AWS Foundations asks that expired certificates be removed: one deployed to a load balancer or CloudFront by mistake breaks clients or teaches them to click through certificate warnings, and a stale certificate's private key may have lived on many machines. Fires only when the snapshot holds the server-certificate part (a live capture, or list-server-certificates.json in a folder import). Fix: make sure nothing uses it (aws elbv2 describe-listener-certificates, CloudFront distributions), then aws iam delete-server-certificate --server-certificate-name NAME; prefer AWS Certificate Manager, which renews certificates itself. Suppress by rule id and the certificate's ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var snapshot = context.Snapshot;
        if (snapshot.ServerCertificates is not { } certificates || CredentialFacts.ReferenceTime(snapshot) is not { } reference)
        {
            return;
        }

        foreach (var certificate in certificates.Where(c => c.IsExpiredAt(reference)))
        {
            var expiration = certificate.Expiration!.Value;
            context.Report(
                certificate.Arn,
                null,
                "expired " + CredentialFacts.Day(expiration),
                "/serverCertificates/" + SnapshotDiffer.Segment(certificate.Arn),
                certificate.Name,
                CredentialFacts.Day(expiration),
                CredentialFacts.DaysBetween(expiration, reference).ToString(CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>What the OIDC provider rules share.</summary>
internal static class OidcFacts
{
    /// <summary>The providers both snapshots hold with their details (client ids and thumbprints), joined by ARN.</summary>
    public static IEnumerable<(OpenIdConnectProvider Before, OpenIdConnectProvider After)> ProvidersWithDetails(ChangeRuleContext context)
    {
        if (context.Before.OpenIdConnectProviders is not { } before || context.After.OpenIdConnectProviders is not { } after)
        {
            yield break;
        }

        var old = before.Where(p => p.HasDetails).GroupBy(p => p.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var provider in after.Where(p => p.HasDetails))
        {
            if (old.TryGetValue(provider.Arn, out var previous))
            {
                yield return (previous, provider);
            }
        }
    }

    /// <summary>How messages name a provider: its issuer URL, else its ARN.</summary>
    public static string Name(OpenIdConnectProvider provider) => provider.Url ?? provider.Arn;
}
