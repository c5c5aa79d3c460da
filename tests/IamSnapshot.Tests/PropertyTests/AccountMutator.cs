namespace IamSnapshot.Tests.PropertyTests;

/// <summary>Derives a later state of an account from an earlier one (see <see cref="AccountGen.Pair"/>).</summary>
internal static class AccountMutator
{
    private enum Fate
    {
        Keep,
        Modify,
        Remove,
        Rename,
        Recreate,
    }

    public static AccountSpec Mutate(AccountSpec before, AccountSpec other, Random random)
    {
        var users = Apply(before.Users, other.Users, random, (u, o) => o with { Name = u.Name, Id = u.Id, Path = u.Path }, u => u with { Name = u.Name + "-renamed" }, u => u with { Id = u.Id + "R" });
        var groups = Apply(before.Groups, other.Groups, random, (g, o) => o with { Name = g.Name, Id = g.Id, Path = g.Path }, g => g with { Name = g.Name + "-renamed" }, g => g with { Id = g.Id + "R" });
        var roles = Apply(before.Roles, other.Roles, random, (r, o) => o with { Name = r.Name, Id = r.Id, Path = r.Path }, r => r with { Name = r.Name + "-renamed" }, r => r with { Id = r.Id + "R" });

        // Policies keep their positions (attachments refer to them by index), so they are modified, never removed.
        var policies = before.Policies
            .Select((p, i) => random.Next(3) == 0 && i < other.Policies.Length
                ? p with { Versions = [.. p.Versions, .. other.Policies[i].Versions], DefaultVersion = random.Next(p.Versions.Length + other.Policies[i].Versions.Length) }
                : p)
            .ToArray();
        var credentials = random.Next(4) == 0 ? other.Credentials : before.Credentials ?? other.Credentials;
        return new AccountSpec(users, groups, roles, policies, credentials);
    }

    private static T[] Apply<T>(T[] before, T[] other, Random random, Func<T, T, T> modify, Func<T, T> rename, Func<T, T> recreate)
        where T : class
    {
        var result = new List<T>();
        for (var i = 0; i < before.Length; i++)
        {
            var entity = before[i];
            var fate = (Fate)Math.Min(random.Next(8), (int)Fate.Recreate);
            switch (fate)
            {
                case Fate.Keep:
                    result.Add(entity);
                    break;
                case Fate.Modify when i < other.Length:
                    result.Add(modify(entity, other[i]));
                    break;
                case Fate.Modify:
                    result.Add(entity);
                    break;
                case Fate.Remove:
                    break;
                case Fate.Rename:
                    result.Add(rename(entity));
                    break;
                case Fate.Recreate:
                    result.Add(recreate(entity));
                    break;
            }
        }

        // Entities of the other account beyond the first's count are new ones, with names of their own.
        result.AddRange(other.Skip(before.Length).Select((entity, i) => rename(recreate(entity)) is var added && random.Next(2) == 0 ? added : null).OfType<T>());
        return [.. result];
    }
}
