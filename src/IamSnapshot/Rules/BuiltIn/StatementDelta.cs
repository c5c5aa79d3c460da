using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>Statement-level comparison of two policy documents.</summary>
internal static class StatementDelta
{
    /// <summary>The statements of <paramref name="after"/> with the given effect that <paramref name="before"/> lacks (semantically).</summary>
    public static List<PolicyStatement> Added(PolicyDocument before, PolicyDocument after, PolicyEffect effect)
    {
        var old = before.Statements.Where(s => s.Effect == effect).Select(Key).ToHashSet(StringComparer.Ordinal);
        return after.Statements.Where(s => s.Effect == effect && !old.Contains(Key(s))).ToList();
    }

    /// <summary>A statement's semantic identity (everything but its Sid).</summary>
    public static string Key(PolicyStatement statement) => PolicyJsonWriter.WriteStatement(statement, includeIdentifiers: false);

    /// <summary>How messages name the policy document at a property path (<c>/document</c>, <c>/assumeRolePolicy</c>, <c>/inlinePolicies/NAME</c>).</summary>
    public static string DocumentLabel(string path) => path switch
    {
        "/document" => "the default policy version",
        "/assumeRolePolicy" => "the trust policy",
        _ => "inline policy " + Diffing.SnapshotDiffer.Unsegment(path["/inlinePolicies/".Length..]),
    };

    /// <summary>A one-line description such as <c>Allow s3:* on *</c>.</summary>
    public static string Describe(PolicyStatement statement)
    {
        var actions = statement.UsesNotAction ? "everything except " + Actions(statement.NotActions) : Actions(statement.Actions);
        var resources = statement.UsesNotResource ? "everything except " + string.Join(", ", statement.NotResources) : string.Join(", ", statement.Resources);
        var text = $"{statement.Effect} {actions} on {(resources.Length == 0 ? "*" : resources)}";
        return statement.IsConditional ? text + " (with conditions)" : text;
    }

    // Statements keep actions in lower case for comparison; messages show them as AWS spells them.
    private static string Actions(IEnumerable<string> actions) =>
        string.Join(", ", actions.Select(Policies.Catalog.ActionCatalog.Default.DisplayName));
}
