using IamSnapshot.Policies;

namespace IamSnapshot.Model;

/// <summary>An inline policy embedded in a user, group or role. Immutable value.</summary>
/// <param name="Name">The policy name, unique within its owner.</param>
/// <param name="Document">The policy document.</param>
public sealed record InlinePolicy(string Name, PolicyDocument Document);
