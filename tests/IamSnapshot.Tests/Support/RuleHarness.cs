using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;

namespace IamSnapshot.Tests.Support;

/// <summary>Runs the default rule engine over a change made to the minimal account.</summary>
internal static class RuleHarness
{
    /// <summary>Loads the minimal account (after <paramref name="setupBefore"/>), applies <paramref name="change"/> to a copy, and analyses the diff.</summary>
    public static IReadOnlyList<Finding> Analyze(Action<JsonObject> change, Action<JsonObject>? setupBefore = null)
    {
        var before = Accounts.Minimal();
        setupBefore?.Invoke(before);
        var after = (JsonObject)before.DeepClone();
        change(after);
        return RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after)));
    }
}
