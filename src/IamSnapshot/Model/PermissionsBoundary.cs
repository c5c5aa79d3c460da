namespace IamSnapshot.Model;

/// <summary>The permissions boundary set on a user or role. Immutable value.</summary>
/// <param name="PolicyArn">The ARN of the managed policy used as boundary.</param>
/// <param name="BoundaryType">The boundary type IAM reports (always <c>Policy</c> today).</param>
public sealed record PermissionsBoundary(string PolicyArn, string BoundaryType = "Policy");
