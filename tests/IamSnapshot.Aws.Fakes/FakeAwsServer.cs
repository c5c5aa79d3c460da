using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IamSnapshot.Aws.Fakes;

/// <summary>
/// A fake of IAM, STS, Organizations and S3 on a loopback port. Every request must carry a valid SigV4 signature
/// for a known key, scoped to the expected region; each caller may only call the actions of its policy. Faults
/// and latency can be injected per action. Thread-safe.
/// </summary>
public sealed partial class FakeAwsServer : IAsyncDisposable
{
    /// <summary>The access key id of the base test credentials.</summary>
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>The secret of the base test credentials.</summary>
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Principal> _principals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeAccount> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private int _issued;

    private FakeAwsServer(WebApplication app, FakeAccount callerAccount, IReadOnlySet<string>? policy)
    {
        _app = app;
        CallerAccount = callerAccount;
        AddAccount(callerAccount);
        _principals[AccessKeyId] = new Principal(AccessKeyId, SecretAccessKey, null, callerAccount.AccountId, $"arn:aws:iam::{callerAccount.AccountId}:user/auditor", policy);
        S3 = new FakeS3(this);
    }

    /// <summary>The base URL (http://127.0.0.1:port/).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The account of the base credentials.</summary>
    public FakeAccount CallerAccount { get; }

    /// <summary>The S3 part of the fake.</summary>
    public FakeS3 S3 { get; }

    /// <summary>Latency added to every request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The signing region expected per service (iam, sts, organizations, s3).</summary>
    public ConcurrentDictionary<string, string> SigningRegions { get; } = new(StringComparer.Ordinal)
    {
        ["iam"] = "us-east-1", ["sts"] = "us-east-1", ["organizations"] = "us-east-1", ["s3"] = "us-east-1",
    };

    /// <summary>The accounts of the organization (for ListAccounts).</summary>
    public List<FakeOrganizationAccount> OrganizationAccounts { get; } = [];

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyCollection<FakeRequest> Requests => _requests;

    /// <summary>How many requests arrived with a bad or missing signature.</summary>
    public int RejectedSignatures => _rejectedSignatures;

    private int _rejectedSignatures;

    /// <summary>Starts a fake on a free loopback port.</summary>
    /// <param name="callerAccount">The account of the base credentials.</param>
    /// <param name="policy">The actions (<c>service:Action</c>) the base credentials may call; null allows all.</param>
    public static async Task<FakeAwsServer> StartAsync(FakeAccount callerAccount, IReadOnlySet<string>? policy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var server = new FakeAwsServer(app, callerAccount, policy);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Adds an account (for AssumeRole targets).</summary>
    public void AddAccount(FakeAccount account) => _accounts[account.AccountId] = account;

    /// <summary>Queues faults for the next requests of an action (for example <c>GetAccountAuthorizationDetails</c>).</summary>
    public void Inject(string action, params FakeFault[] faults)
    {
        var queue = _faults.GetOrAdd(action, _ => new ConcurrentQueue<FakeFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>Denies an action (<c>iam:GetCredentialReport</c>) to every caller, whatever its policy.</summary>
    public void Deny(string action) => _denied[action] = true;

    /// <summary>Requests of one action.</summary>
    public IReadOnlyList<FakeRequest> RequestsOf(string action) => _requests.Where(r => r.Action == action).ToList();

    /// <summary>Every secret the fake has handed out or knows (for "never logged" checks).</summary>
    public IReadOnlyList<string> Secrets => _principals.Values.SelectMany(p => p.SessionToken is null ? [p.Secret] : new[] { p.Secret, p.SessionToken }).ToList();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        var auth = SigV4Verifier.Parse(request.Headers.Authorization.ToString(), out var parseError);
        if (auth is null)
        {
            Interlocked.Increment(ref _rejectedSignatures);
            await WriteErrorAsync(context, "iam", 403, "IncompleteSignature", parseError!);
            return;
        }

        if (!_principals.TryGetValue(auth.AccessKeyId, out var principal))
        {
            await WriteErrorAsync(context, auth.Service, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            return;
        }

        var signatureError = SigV4Verifier.Verify(request, bytes, auth, principal.Secret, DateTimeOffset.UtcNow);
        if (signatureError is null && SigningRegions.TryGetValue(auth.Service, out var region) && region != auth.Region)
        {
            signatureError = $"Credential should be scoped to a valid region, not '{auth.Region}'.";
        }

        if (signatureError is null && principal.SessionToken is not null)
        {
            if (request.Headers["x-amz-security-token"].ToString() != principal.SessionToken)
            {
                signatureError = "the session token is missing or wrong";
            }
            else if (!auth.SignedHeaders.Contains("x-amz-security-token"))
            {
                signatureError = "x-amz-security-token is not signed";
            }
        }

        if (signatureError is not null)
        {
            Interlocked.Increment(ref _rejectedSignatures);
            await WriteErrorAsync(context, auth.Service, 403, "SignatureDoesNotMatch", signatureError);
            return;
        }

        if (auth.Service == "s3")
        {
            await S3.HandleAsync(context, bytes, principal.AccountId, (action, status) => Record("s3", action, principal, new Dictionary<string, string>(), status));
            return;
        }

        var (action, parameters) = auth.Service == "organizations" ? ParseJsonRequest(request, bytes) : ParseForm(bytes);
        int status;
        try
        {
            status = await DispatchAsync(context, auth.Service, action, parameters, principal);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its attempt timeout); 499 as nginx records it.
            status = 499;
        }

        Record(auth.Service, action, principal, parameters, status);
    }

    private void Record(string service, string action, Principal principal, Dictionary<string, string> parameters, int status) =>
        _requests.Enqueue(new FakeRequest(service, action, principal.AccessKeyId, principal.AccountId, parameters, status, DateTimeOffset.UtcNow));

    private async Task<int> DispatchAsync(HttpContext context, string service, string action, Dictionary<string, string> parameters, Principal principal)
    {
        var qualified = $"{service}:{action}";
        var exempt = qualified == "sts:GetCallerIdentity";
        if (!exempt && (_denied.ContainsKey(qualified) || (principal.Policy is not null && !principal.Policy.Contains(qualified))))
        {
            return await WriteErrorAsync(context, service, 403, service == "organizations" ? "AccessDeniedException" : "AccessDenied", $"User: {principal.Arn} is not authorized to perform: {qualified} on resource: *");
        }

        if (_faults.TryGetValue(action, out var queue) && queue.TryDequeue(out var fault))
        {
            switch (fault.Kind)
            {
                case FakeFaultKind.Throttling:
                    return await WriteErrorAsync(context, service, 400, "Throttling", "Rate exceeded");
                case FakeFaultKind.TooManyRequests:
                    return await WriteErrorAsync(context, service, 429, "ThrottlingException", "Rate exceeded");
                case FakeFaultKind.InternalError:
                    return await WriteErrorAsync(context, service, 500, "ServiceFailure", "Internal failure", "Receiver");
                case FakeFaultKind.ServiceUnavailable:
                    return await WriteErrorAsync(context, service, 503, "ServiceUnavailable", "Service unavailable", "Receiver");
                case FakeFaultKind.AccessDenied:
                    return await WriteErrorAsync(context, service, 403, "AccessDenied", $"User: {principal.Arn} is not authorized to perform: {qualified}");
                case FakeFaultKind.Slow:
                    await Task.Delay(fault.Delay, context.RequestAborted);
                    break;
                case FakeFaultKind.TruncatedBody:
                case FakeFaultKind.MalformedBody:
                    var (_, full) = Respond(service, action, parameters, principal);
                    var half = full[..(full.Length / 2)];
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "text/xml";
                    context.Response.ContentLength = fault.Kind == FakeFaultKind.TruncatedBody ? full.Length : half.Length;
                    await context.Response.Body.WriteAsync(half);
                    await context.Response.Body.FlushAsync();
                    if (fault.Kind == FakeFaultKind.TruncatedBody)
                    {
                        context.Abort();
                    }

                    return 200;
            }
        }

        var (status, response) = Respond(service, action, parameters, principal);
        context.Response.StatusCode = status;
        context.Response.ContentType = service == "organizations" ? "application/x-amz-json-1.1" : "text/xml";
        context.Response.ContentLength = response.Length;
        await context.Response.Body.WriteAsync(response);
        return status;
    }

    private (int Status, byte[] Body) Respond(string service, string action, Dictionary<string, string> parameters, Principal principal)
    {
        var account = _accounts[principal.AccountId];
        return (service, action) switch
        {
            ("sts", "GetCallerIdentity") => Ok(FakeXml.Response(FakeXml.StsNamespace, action, w =>
            {
                w.WriteElementString("Arn", FakeXml.StsNamespace, principal.Arn);
                w.WriteElementString("UserId", FakeXml.StsNamespace, "AIDAFAKE" + principal.AccountId);
                w.WriteElementString("Account", FakeXml.StsNamespace, principal.AccountId);
            })),
            ("sts", "AssumeRole") => AssumeRole(parameters, principal),
            ("organizations", "ListAccounts") => ListOrganizationAccounts(parameters),
            ("iam", "GetAccountAuthorizationDetails") => AuthorizationDetails(account, parameters),
            ("iam", "GenerateCredentialReport") => GenerateCredentialReport(account),
            ("iam", "GetCredentialReport") => GetCredentialReport(account),
            ("iam", "GetAccountPasswordPolicy") => account.PasswordPolicy is null
                ? (404, FakeXml.Error(FakeXml.IamNamespace, "NoSuchEntity", $"The Password Policy with domain name {account.AccountId} cannot be found."))
                : Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
                {
                    w.WriteStartElement("PasswordPolicy", FakeXml.IamNamespace);
                    foreach (var (key, value) in account.PasswordPolicy)
                    {
                        w.WriteElementString(key, FakeXml.IamNamespace, value);
                    }

                    w.WriteEndElement();
                })),
            ("iam", "GetAccountSummary") => Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
            {
                w.WriteStartElement("SummaryMap", FakeXml.IamNamespace);
                foreach (var (key, value) in account.Summary)
                {
                    w.WriteStartElement("entry", FakeXml.IamNamespace);
                    w.WriteElementString("key", FakeXml.IamNamespace, key);
                    w.WriteElementString("value", FakeXml.IamNamespace, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            })),
            ("iam", "ListAccountAliases") => Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
            {
                Members(w, "AccountAliases", account.Aliases, (x, alias) => x.WriteString(alias));
                w.WriteElementString("IsTruncated", FakeXml.IamNamespace, "false");
            })),
            ("iam", "ListOpenIDConnectProviders") => Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
                Members(w, "OpenIDConnectProviderList", account.OidcProviders, (x, p) => x.WriteElementString("Arn", FakeXml.IamNamespace, p.Arn)))),
            ("iam", "GetOpenIDConnectProvider") => GetOidcProvider(account, parameters),
            ("iam", "ListSAMLProviders") => Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
                Members(w, "SAMLProviderList", account.SamlProviders, (x, p) =>
                {
                    x.WriteElementString("Arn", FakeXml.IamNamespace, p.Arn);
                    x.WriteElementString("ValidUntil", FakeXml.IamNamespace, p.ValidUntil);
                    x.WriteElementString("CreateDate", FakeXml.IamNamespace, p.CreateDate);
                }))),
            ("iam", "ListVirtualMFADevices") => Paged(action, "VirtualMFADevices", account.MfaDevices, parameters, 2, (x, d) =>
            {
                x.WriteElementString("SerialNumber", FakeXml.IamNamespace, d.SerialNumber);
                // A secret IAM never lists, planted to prove the client drops it.
                x.WriteElementString("Base32StringSeed", FakeXml.IamNamespace, "SEEDSEEDSEEDSEED");
                if (d.UserName is not null)
                {
                    x.WriteStartElement("User", FakeXml.IamNamespace);
                    x.WriteElementString("UserName", FakeXml.IamNamespace, d.UserName);
                    x.WriteElementString("Arn", FakeXml.IamNamespace, d.UserArn ?? string.Empty);
                    x.WriteEndElement();
                    x.WriteElementString("EnableDate", FakeXml.IamNamespace, d.EnableDate ?? string.Empty);
                }
            }),
            ("iam", "ListAccessKeys") => ListAccessKeys(account, parameters),
            ("iam", "ListServerCertificates") => Paged(action, "ServerCertificateMetadataList", account.ServerCertificates, parameters, 1000, (x, c) =>
            {
                x.WriteElementString("Path", FakeXml.IamNamespace, "/");
                x.WriteElementString("ServerCertificateName", FakeXml.IamNamespace, c.Name);
                x.WriteElementString("ServerCertificateId", FakeXml.IamNamespace, c.Id);
                x.WriteElementString("Arn", FakeXml.IamNamespace, c.Arn);
                x.WriteElementString("UploadDate", FakeXml.IamNamespace, c.UploadDate);
                x.WriteElementString("Expiration", FakeXml.IamNamespace, c.Expiration);
            }),
            _ => (400, FakeXml.Error(service == "sts" ? FakeXml.StsNamespace : FakeXml.IamNamespace, "InvalidAction", $"Could not find operation {action} for version")),
        };
    }

    private static (int, byte[]) Ok(byte[] body) => (200, body);

    private static void Members<T>(XmlWriter writer, string list, IEnumerable<T> items, Action<XmlWriter, T> write)
    {
        writer.WriteStartElement(list, FakeXml.IamNamespace);
        foreach (var item in items)
        {
            writer.WriteStartElement("member", FakeXml.IamNamespace);
            write(writer, item);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static (int, byte[]) Paged<T>(string action, string list, IReadOnlyList<T> items, Dictionary<string, string> parameters, int pageSize, Action<XmlWriter, T> write)
    {
        var offset = parameters.TryGetValue("Marker", out var marker) ? DecodeMarker(marker) : 0;
        var max = parameters.TryGetValue("MaxItems", out var m) ? Math.Min(int.Parse(m, System.Globalization.CultureInfo.InvariantCulture), pageSize) : pageSize;
        var page = items.Skip(offset).Take(max).ToList();
        var truncated = offset + page.Count < items.Count;
        return Ok(FakeXml.Response(FakeXml.IamNamespace, action, w =>
        {
            Members(w, list, page, write);
            w.WriteElementString("IsTruncated", FakeXml.IamNamespace, truncated ? "true" : "false");
            if (truncated)
            {
                w.WriteElementString("Marker", FakeXml.IamNamespace, EncodeMarker(offset + page.Count));
            }
        }));
    }

    // Opaque, and with + / = in it like IAM's, so the client's form encoding is exercised.
    private static string EncodeMarker(int offset) => "AAE+/" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/Qk==";

    private static int DecodeMarker(string marker) =>
        int.Parse(marker.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);

    private (int, byte[]) AuthorizationDetails(FakeAccount account, Dictionary<string, string> parameters)
    {
        var filters = parameters.Where(p => p.Key.StartsWith("Filter.member.", StringComparison.Ordinal)).Select(p => p.Value).ToHashSet();
        if (!filters.SetEquals(["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"]))
        {
            return (400, FakeXml.Error(FakeXml.IamNamespace, "ValidationError", "the fake expects all five filters"));
        }

        var offset = parameters.TryGetValue("Marker", out var marker) ? DecodeMarker(marker) : 0;
        var max = Math.Min(int.Parse(parameters.GetValueOrDefault("MaxItems", "100"), System.Globalization.CultureInfo.InvariantCulture), account.MaxPageSize);
        var page = account.Items.Skip(offset).Take(max).ToList();
        var truncated = offset + page.Count < account.Items.Count;
        return Ok(FakeXml.Response(FakeXml.IamNamespace, "GetAccountAuthorizationDetails", w =>
        {
            w.WriteElementString("IsTruncated", FakeXml.IamNamespace, truncated ? "true" : "false");
            WriteList("UserDetailList");
            // IAM puts the marker between the lists; clients must not depend on element order.
            if (truncated)
            {
                w.WriteElementString("Marker", FakeXml.IamNamespace, EncodeMarker(offset + page.Count));
            }

            WriteList("GroupDetailList");
            WriteList("RoleDetailList");
            WriteList("Policies");

            void WriteList(string list)
            {
                w.WriteStartElement(list, FakeXml.IamNamespace);
                foreach (var (name, item) in page)
                {
                    if (name == list)
                    {
                        FakeXml.WriteJson(w, FakeXml.IamNamespace, "member", item);
                    }
                }

                w.WriteEndElement();
            }
        }));
    }

    private static (int, byte[]) GenerateCredentialReport(FakeAccount account)
    {
        int calls;
        lock (account)
        {
            calls = ++account.GenerateCalls;
        }

        var state = calls > account.CredentialReportPollsBeforeComplete ? "COMPLETE" : calls == 1 ? "STARTED" : "INPROGRESS";
        return Ok(FakeXml.Response(FakeXml.IamNamespace, "GenerateCredentialReport", w =>
        {
            w.WriteElementString("State", FakeXml.IamNamespace, state);
            w.WriteElementString("Description", FakeXml.IamNamespace, state == "COMPLETE" ? "Report is ready" : "No report exists. Starting a new report generation task");
        }));
    }

    private static (int, byte[]) GetCredentialReport(FakeAccount account)
    {
        if (account.GenerateCalls == 0)
        {
            return (410, FakeXml.Error(FakeXml.IamNamespace, "ReportNotPresent", "Credential report not present."));
        }

        if (account.GenerateCalls <= account.CredentialReportPollsBeforeComplete)
        {
            return (404, FakeXml.Error(FakeXml.IamNamespace, "ReportInProgress", "Credential report is being generated."));
        }

        return Ok(FakeXml.Response(FakeXml.IamNamespace, "GetCredentialReport", w =>
        {
            w.WriteElementString("Content", FakeXml.IamNamespace, Convert.ToBase64String(account.CredentialReportCsv));
            w.WriteElementString("ReportFormat", FakeXml.IamNamespace, "text/csv");
            w.WriteElementString("GeneratedTime", FakeXml.IamNamespace, account.CredentialReportGeneratedTime);
        }));
    }

    private static (int, byte[]) GetOidcProvider(FakeAccount account, Dictionary<string, string> parameters)
    {
        var provider = account.OidcProviders.FirstOrDefault(p => p.Arn == parameters.GetValueOrDefault("OpenIDConnectProviderArn"));
        if (provider is null)
        {
            return (404, FakeXml.Error(FakeXml.IamNamespace, "NoSuchEntity", "OpenIDConnect Provider not found"));
        }

        return Ok(FakeXml.Response(FakeXml.IamNamespace, "GetOpenIDConnectProvider", w =>
        {
            w.WriteElementString("Url", FakeXml.IamNamespace, provider.Url);
            Members(w, "ClientIDList", provider.ClientIds, (x, id) => x.WriteString(id));
            Members(w, "ThumbprintList", provider.Thumbprints, (x, t) => x.WriteString(t));
            w.WriteElementString("CreateDate", FakeXml.IamNamespace, provider.CreateDate);
            w.WriteStartElement("Tags", FakeXml.IamNamespace);
            w.WriteEndElement();
        }));
    }

    private static (int, byte[]) ListAccessKeys(FakeAccount account, Dictionary<string, string> parameters)
    {
        var user = parameters.GetValueOrDefault("UserName");
        if (user is null || !account.AccessKeys.TryGetValue(user, out var keys))
        {
            return (404, FakeXml.Error(FakeXml.IamNamespace, "NoSuchEntity", $"The user with name {user} cannot be found."));
        }

        return Paged("ListAccessKeys", "AccessKeyMetadata", keys, parameters, 1000, (x, k) =>
        {
            x.WriteElementString("UserName", FakeXml.IamNamespace, user);
            x.WriteElementString("AccessKeyId", FakeXml.IamNamespace, k.AccessKeyId);
            x.WriteElementString("Status", FakeXml.IamNamespace, k.Status);
            x.WriteElementString("CreateDate", FakeXml.IamNamespace, k.CreateDate);
        });
    }

    private (int, byte[]) AssumeRole(Dictionary<string, string> parameters, Principal caller)
    {
        var arn = parameters.GetValueOrDefault("RoleArn") ?? string.Empty;
        var fields = arn.Split(':');
        var denied = (403, FakeXml.Error(FakeXml.StsNamespace, "AccessDenied", $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {arn}"));
        if (fields.Length != 6 || !_accounts.TryGetValue(fields[4], out var target) || !target.Roles.TryGetValue(fields[5]["role/".Length..].Split('/')[^1], out var role))
        {
            return denied;
        }

        if (role.ExternalId is not null && parameters.GetValueOrDefault("ExternalId") != role.ExternalId)
        {
            return denied;
        }

        var n = Interlocked.Increment(ref _issued);
        var keyId = "ASIAFAKE" + n.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var token = "FwoGZXIvYXdzE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(60));
        var session = parameters.GetValueOrDefault("RoleSessionName", "session");
        var roleName = fields[5]["role/".Length..].Split('/')[^1];
        _principals[keyId] = new Principal(keyId, secret, token, target.AccountId, $"arn:aws:sts::{target.AccountId}:assumed-role/{roleName}/{session}", role.AllowedActions ?? _principals[AccessKeyId].Policy);
        return Ok(FakeXml.Response(FakeXml.StsNamespace, "AssumeRole", w =>
        {
            w.WriteStartElement("Credentials", FakeXml.StsNamespace);
            w.WriteElementString("AccessKeyId", FakeXml.StsNamespace, keyId);
            w.WriteElementString("SecretAccessKey", FakeXml.StsNamespace, secret);
            w.WriteElementString("SessionToken", FakeXml.StsNamespace, token);
            w.WriteElementString("Expiration", FakeXml.StsNamespace, DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteStartElement("AssumedRoleUser", FakeXml.StsNamespace);
            w.WriteElementString("Arn", FakeXml.StsNamespace, $"arn:aws:sts::{target.AccountId}:assumed-role/{roleName}/{session}");
            w.WriteElementString("AssumedRoleId", FakeXml.StsNamespace, "AROAFAKE:" + session);
            w.WriteEndElement();
        }));
    }

    private (int, byte[]) ListOrganizationAccounts(Dictionary<string, string> parameters)
    {
        const int PageSize = 2;
        var offset = parameters.TryGetValue("NextToken", out var token) ? DecodeMarker(token) : 0;
        var page = OrganizationAccounts.Skip(offset).Take(PageSize).ToList();
        var next = offset + page.Count < OrganizationAccounts.Count ? EncodeMarker(offset + page.Count) : null;
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["Accounts"] = page.Select(a => new Dictionary<string, object>
            {
                ["Id"] = a.Id, ["Arn"] = $"arn:aws:organizations::{CallerAccount.AccountId}:account/o-fake/{a.Id}", ["Email"] = $"{a.Name}@example.com",
                ["Name"] = a.Name, ["Status"] = a.Status, ["JoinedMethod"] = "CREATED", ["JoinedTimestamp"] = 1.6e9,
            }).ToList(),
            ["NextToken"] = next,
        });
        return (200, body);
    }

    private static (string Action, Dictionary<string, string> Parameters) ParseForm(byte[] body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            parameters[Uri.UnescapeDataString(kv[0].Replace('+', ' '))] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty;
        }

        return (parameters.GetValueOrDefault("Action", string.Empty), parameters);
    }

    private static (string Action, Dictionary<string, string> Parameters) ParseJsonRequest(HttpRequest request, byte[] body)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var action = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Length > 0)
        {
            using var json = JsonDocument.Parse(body);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                parameters[property.Name] = property.Value.ToString();
            }
        }

        return (action, parameters);
    }

    private static async Task<int> WriteErrorAsync(HttpContext context, string service, int status, string code, string message, string type = "Sender")
    {
        context.Response.StatusCode = status;
        byte[] body;
        if (service == "organizations")
        {
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-ErrorType"] = code;
            body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = code, ["message"] = message });
        }
        else if (service == "s3")
        {
            context.Response.ContentType = "application/xml";
            body = Encoding.UTF8.GetBytes($"<Error><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message><RequestId>fake</RequestId></Error>");
        }
        else
        {
            context.Response.ContentType = "text/xml";
            body = FakeXml.Error(service == "sts" ? FakeXml.StsNamespace : FakeXml.IamNamespace, code, message, type);
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
        return status;
    }

    internal static Task<int> WriteS3ErrorAsync(HttpContext context, int status, string code, string message) => WriteErrorAsync(context, "s3", status, code, message);

    private sealed record Principal(string AccessKeyId, string Secret, string? SessionToken, string AccountId, string Arn, IReadOnlySet<string>? Policy);
}
