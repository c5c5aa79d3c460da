namespace IamSnapshot.Policies.Access;

/// <summary>
/// Names a policy that grants (or denies) access to a principal: a managed policy by ARN, or an inline
/// policy as <c>inline:NAME</c>; <see cref="Group"/> names the group it came through, if any. Immutable value.
/// </summary>
/// <param name="Policy">The managed policy ARN, or <c>inline:</c> and the inline policy's name.</param>
/// <param name="Group">The group whose policy this is, or null for the principal's own policy.</param>
public sealed record PolicyReference(string Policy, string? Group = null)
{
    /// <summary>Creates the reference of an inline policy.</summary>
    /// <param name="name">The inline policy's name.</param>
    /// <param name="group">The group that holds it, or null.</param>
    /// <returns>The reference.</returns>
    public static PolicyReference Inline(string name, string? group = null) => new("inline:" + name, group);

    /// <inheritdoc />
    public override string ToString() => Group is null ? Policy : $"{Policy} (group {Group})";
}
