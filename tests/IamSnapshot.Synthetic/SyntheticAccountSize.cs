namespace IamSnapshot.Synthetic;

/// <summary>How large a synthetic account is (design §12: S ≈ 100, M ≈ 1,000, XL ≈ 5,000 of each principal kind).</summary>
/// <param name="Name">A short label: S, M or XL.</param>
/// <param name="Users">Number of users.</param>
/// <param name="Roles">Number of roles.</param>
/// <param name="Policies">Number of customer-managed policies (each with one to five versions).</param>
/// <param name="Groups">Number of groups.</param>
public sealed record SyntheticAccountSize(string Name, int Users, int Roles, int Policies, int Groups)
{
    /// <summary>About 100 users, roles and policies.</summary>
    public static SyntheticAccountSize Small { get; } = new("S", 100, 100, 100, 10);

    /// <summary>About 1,000 users, roles and policies.</summary>
    public static SyntheticAccountSize Medium { get; } = new("M", 1_000, 1_000, 1_000, 50);

    /// <summary>5,000 users, 5,000 roles and 5,000 customer policies.</summary>
    public static SyntheticAccountSize ExtraLarge { get; } = new("XL", 5_000, 5_000, 5_000, 200);

    /// <summary>S, M and XL, smallest first.</summary>
    public static IReadOnlyList<SyntheticAccountSize> All { get; } = [Small, Medium, ExtraLarge];

    /// <summary>The size named S, M or XL.</summary>
    /// <param name="name">The label (case-insensitive).</param>
    /// <returns>The size.</returns>
    public static SyntheticAccountSize Parse(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown synthetic account size '{name}'; expected S, M or XL.", nameof(name));

    /// <summary>Users, roles, customer policies and groups: the entities a change fraction is taken of.</summary>
    public int Entities => Users + Roles + Policies + Groups;

    /// <inheritdoc />
    public override string ToString() => Name;
}
