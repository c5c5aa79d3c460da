using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail;

/// <summary>
/// A question for <see cref="CloudTrailLog.Explain"/>: which events explain this change of this entity
/// between two times? Immutable; adjust with <c>with</c>.
/// </summary>
public sealed record AttributionQuery
{
    private readonly TimeSpan _grace = TimeSpan.FromMinutes(15);

    /// <summary>Creates a query over all the time the logs cover.</summary>
    /// <param name="entityArn">The changed entity's ARN (the path is ignored: matching goes by account, kind and name). For <see cref="EntityKind.Account"/>, any ARN of the account.</param>
    /// <param name="entityKind">The entity's kind.</param>
    /// <param name="category">What changed.</param>
    public AttributionQuery(string entityArn, EntityKind entityKind, IamChangeCategory category)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityArn);
        if (!Enum.IsDefined(entityKind))
        {
            throw new ArgumentOutOfRangeException(nameof(entityKind), entityKind, "unknown entity kind");
        }

        if (!Enum.IsDefined(category))
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, "unknown change category");
        }

        EntityArn = entityArn;
        EntityKind = entityKind;
        Category = category;
    }

    /// <summary>The changed entity's ARN.</summary>
    public string EntityArn { get; }

    /// <summary>The entity's kind.</summary>
    public EntityKind EntityKind { get; }

    /// <summary>What changed.</summary>
    public IamChangeCategory Category { get; }

    /// <summary>
    /// What was attached, put or removed (see <see cref="IamChangeCategory"/>: a policy ARN, group name, inline
    /// policy name, access key id, tag key…), or null for any. ARNs match whatever their path; names ignore case.
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>The start of the window (usually the before-snapshot's capture time), or null for the start of the logs.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>The end of the window (usually the after-snapshot's capture time), or null for the end of the logs.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// How far outside the window an event may be and still explain the change: a capture takes minutes and
    /// IAM is eventually consistent, so an event just before the before-snapshot may not show in it, and
    /// one just after the after-snapshot may. Default 15 minutes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan Grace
    {
        get => _grace;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _grace = value;
        }
    }
}

/// <summary>An event that explains a change, with the part of it that matched.</summary>
/// <param name="Event">The event.</param>
/// <param name="Change">The change of the event that matched the query.</param>
public sealed record AttributedEvent(CloudTrailEvent Event, IamChange Change)
{
    /// <summary>Who initiated it; <see cref="EventOrigin.AwsService"/> marks changes AWS made itself.</summary>
    public EventOrigin Origin => Event.Origin;

    /// <summary>True when AWS made the change itself (service identity, service-linked role, Identity Center provisioning).</summary>
    public bool IsAwsServiceChange => Event.Origin == EventOrigin.AwsService;
}
