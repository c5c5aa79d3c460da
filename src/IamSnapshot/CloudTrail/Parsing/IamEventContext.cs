using System.Collections.Immutable;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>What <see cref="IamEventNormalizer"/> reads from one record and the changes it writes.</summary>
internal sealed class IamEventContext
{
    private readonly ImmutableArray<string> _resourceArns;
    private readonly Action<string> _report;

    public IamEventContext(
        string eventName,
        string partition,
        string account,
        JsonElement request,
        JsonElement response,
        CloudTrailActor actor,
        ImmutableArray<string> resourceArns,
        Action<string> report)
    {
        EventName = eventName;
        Partition = partition;
        Account = account;
        Request = request;
        Response = response;
        Actor = actor;
        _resourceArns = resourceArns;
        _report = report;
    }

    public string EventName { get; }

    public string Partition { get; }

    public string Account { get; }

    public JsonElement Request { get; }

    public JsonElement Response { get; }

    public CloudTrailActor Actor { get; }

    public ImmutableArray<IamChange>.Builder Changes { get; } = ImmutableArray.CreateBuilder<IamChange>();

    /// <summary>A request parameter as text.</summary>
    public string? Req(string name) => Json.String(Request, name);

    /// <summary>A response value as text, by path (<c>Resp("role", "arn")</c>).</summary>
    public string? Resp(string name1, string name2) => Json.String(Json.Get(Response, name1, name2));

    /// <summary>A response value as text.</summary>
    public string? Resp(string name) => Json.String(Response, name);

    /// <summary>The user a self-service call (no <c>userName</c>) acts on: the calling IAM user; null for root and role sessions.</summary>
    public string? CallerUserName =>
        string.Equals(Actor.PrincipalType, "IAMUser", StringComparison.Ordinal) ? Actor.UserName ?? NameFromArn(Actor.Arn) : null;

    /// <summary>True when the caller is the account's root user (its own keys and MFA belong to the account).</summary>
    public bool CallerIsRoot => string.Equals(Actor.PrincipalType, "Root", StringComparison.Ordinal);

    /// <summary>Adds a change on a user, group, role or instance profile given by name.</summary>
    /// <param name="kind">The entity kind.</param>
    /// <param name="name">The entity name; when null the change cannot be placed and is reported.</param>
    /// <param name="path">The path when the record gives one.</param>
    /// <param name="knownArn">The entity ARN when the record gives one (response elements).</param>
    /// <param name="category">The category.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="document">The policy document set.</param>
    public void AddNamed(EntityKind kind, string? name, string? path, string? knownArn, IamChangeCategory category, IamChangeOperation operation, string? subject = null, PolicyDocument? document = null)
    {
        if (name is null && knownArn is not null && IamArn.TrySplit(knownArn, out _, out _, out _, out _, out var fromArn))
        {
            name = fromArn;
        }

        if (name is null)
        {
            _report($"the record does not name the {Describe(kind)} it changes; its {category} change was recorded on the account");
            AddAccount(IamChangeCategory.Other, operation, EventName);
            return;
        }

        var arn = knownArn ?? FindResourceArn(kind, name) ?? IamArn.Build(Partition, Account, kind, name, path);
        var account = IamArn.TrySplit(arn, out _, out var arnAccount, out _, out _, out _) ? arnAccount : Account;
        Changes.Add(new IamChange
        {
            EntityKind = kind,
            EntityArn = arn,
            EntityName = name,
            AccountId = account,
            Category = category,
            Operation = operation,
            Subject = subject,
            Document = document,
        });
    }

    /// <summary>Adds a change on a managed policy given by ARN.</summary>
    public void AddPolicy(string? policyArn, IamChangeCategory category, IamChangeOperation operation, string? subject = null, PolicyDocument? document = null)
    {
        if (!IamArn.TrySplit(policyArn, out _, out var account, out _, out _, out var name) || policyArn is null)
        {
            _report("the record does not give the policyArn it changes; the change was recorded on the account");
            AddAccount(IamChangeCategory.Other, operation, EventName);
            return;
        }

        Changes.Add(new IamChange
        {
            EntityKind = EntityKind.ManagedPolicy,
            EntityArn = policyArn,
            EntityName = name,
            AccountId = account,
            Category = category,
            Operation = operation,
            Subject = subject,
            Document = document,
        });
    }

    /// <summary>Adds a change on the account itself.</summary>
    public void AddAccount(IamChangeCategory category, IamChangeOperation operation, string? subject = null)
    {
        Changes.Add(new IamChange
        {
            EntityKind = EntityKind.Account,
            EntityArn = IamArn.Root(Partition, Account),
            EntityName = Account,
            AccountId = Account,
            Category = category,
            Operation = operation,
            Subject = subject,
        });
    }

    /// <summary>The ARN of a user, group, role or instance profile, built from what the record gives.</summary>
    public string ArnOf(EntityKind kind, string name, string? path = null) =>
        FindResourceArn(kind, name) ?? IamArn.Build(Partition, Account, kind, name, path);

    /// <summary>Parses a policy document; an unreadable one is reported and gives null (the event is still kept).</summary>
    public PolicyDocument? Document(JsonElement element, string what)
    {
        if (!Json.IsPresent(element))
        {
            return null;
        }

        try
        {
            return PolicyDocument.FromJsonElement(element);
        }
        catch (PolicyFormatException ex)
        {
            _report($"the {what} could not be read ({ex.Message}); the change is kept without its document");
            return null;
        }
    }

    private string? FindResourceArn(EntityKind kind, string name)
    {
        foreach (var arn in _resourceArns)
        {
            if (IamArn.TrySplit(arn, out _, out _, out var type, out _, out var arnName)
                && IamArn.KindOf(type) == kind
                && string.Equals(arnName, name, StringComparison.OrdinalIgnoreCase))
            {
                return arn;
            }
        }

        return null;
    }

    private static string? NameFromArn(string? arn) =>
        IamArn.TrySplit(arn, out _, out _, out _, out _, out var name) ? name : null;

    private static string Describe(EntityKind kind) => kind switch
    {
        EntityKind.ManagedPolicy => "managed policy",
        EntityKind.InstanceProfile => "instance profile",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
