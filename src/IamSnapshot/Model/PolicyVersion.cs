using IamSnapshot.Policies;

namespace IamSnapshot.Model;

/// <summary>One version of a managed policy. Immutable value.</summary>
/// <param name="VersionId">The version id, for example <c>v3</c>.</param>
/// <param name="IsDefaultVersion">True for the version in force.</param>
/// <param name="CreateDate">When the version was created, if known.</param>
/// <param name="Document">The policy document of this version.</param>
public sealed record PolicyVersion(string VersionId, bool IsDefaultVersion, DateTimeOffset? CreateDate, PolicyDocument Document);
