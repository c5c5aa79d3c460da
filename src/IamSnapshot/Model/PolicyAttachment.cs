namespace IamSnapshot.Model;

/// <summary>A managed policy attached to a user, group or role. Immutable value.</summary>
/// <param name="PolicyArn">The managed policy's ARN.</param>
/// <param name="PolicyName">The managed policy's name.</param>
public sealed record PolicyAttachment(string PolicyArn, string PolicyName);
