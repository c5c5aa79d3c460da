namespace IamSnapshot.Model;

/// <summary>
/// When and where a role was last used. Kept for rules such as "unused role"; never a change in a diff.
/// </summary>
/// <param name="LastUsedDate">When the role was last used, or null when IAM has no record (<c>RoleLastUsed: {}</c>).</param>
/// <param name="Region">The region of the last use, or null.</param>
public sealed record RoleLastUsed(DateTimeOffset? LastUsedDate, string? Region);
