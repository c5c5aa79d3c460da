using System.Collections.Immutable;

namespace IamSnapshot.CloudTrail;

/// <summary>How a change came and went inside a window.</summary>
public enum TransientChangeKind
{
    /// <summary>An entity was created and deleted.</summary>
    CreatedThenDeleted,

    /// <summary>
    /// Something was added and removed: a policy attached and detached, a user added to and removed from a
    /// group, a key created and deleted (deleting the entity that held it counts as removing it).
    /// </summary>
    AddedThenRemoved,

    /// <summary>
    /// A state was set and replaced by a later event: a trust policy changed and changed again, an inline
    /// policy put twice, a default version set and set again. The intermediate state is the transient one.
    /// </summary>
    Superseded,
}

/// <summary>
/// A change that a diff of two snapshots cannot see because it was undone before the second one, found
/// from the event sequence (for example a backdoor user created, used and deleted). Immutable.
/// </summary>
/// <param name="Kind">How it came and went.</param>
/// <param name="Change">The change that was undone (its entity, category and subject).</param>
/// <param name="Started">The event that made it.</param>
/// <param name="Ended">The event that undid or replaced it.</param>
public sealed record TransientChange(TransientChangeKind Kind, IamChange Change, CloudTrailEvent Started, CloudTrailEvent Ended)
{
    /// <summary>How long the change lasted.</summary>
    public TimeSpan Duration => Ended.EventTime - Started.EventTime;
}

/// <summary>
/// Repeated failed IAM writes by one actor in a short time: someone trying what they may do
/// (privilege probing, a misconfigured pipeline). Throttling errors do not count. Immutable.
/// </summary>
public sealed record ProbingActivity
{
    /// <summary>The actor (<see cref="CloudTrailActor.Id"/>).</summary>
    public required CloudTrailActor Actor { get; init; }

    /// <summary>The first failed call.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The last failed call.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The failed calls, in time order.</summary>
    public required ImmutableArray<CloudTrailEvent> Events { get; init; }

    /// <summary>The distinct error codes, sorted.</summary>
    public ImmutableArray<string> ErrorCodes => [.. Events.Select(e => e.ErrorCode!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The distinct API names tried, sorted.</summary>
    public ImmutableArray<string> EventNames => [.. Events.Select(e => e.EventName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
