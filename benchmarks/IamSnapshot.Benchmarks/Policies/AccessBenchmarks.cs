using BenchmarkDotNet.Attributes;
using IamSnapshot.Synthetic;
using IamSnapshot.Model;
using IamSnapshot.Policies.Access;

namespace IamSnapshot.Benchmarks.Policies;

/// <summary>
/// Effective permissions of every principal of the XL synthetic account (5,000 users, 5,000 roles, 5,000
/// policies), and the access delta between two such snapshots that differ in 1% of the policies.
/// </summary>
[MemoryDiagnoser]
public class AccessBenchmarks
{
    private AccountSnapshot _before = null!;
    private AccountSnapshot _after = null!;

    /// <summary>Builds the snapshots once; the catalog is loaded here too, so it is not measured.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _before = SyntheticAccount.Create(SyntheticAccountSize.ExtraLarge);
        _after = SyntheticAccount.ChangePolicies(_before, 0.01);
        _ = IamSnapshot.Policies.Catalog.ActionCatalog.Default.ActionCount;
    }

    /// <summary>Every user's and role's effective permissions, with a fresh (cold) policy cache.</summary>
    [Benchmark]
    public int EffectivePermissionsAllPrincipals() => new EffectivePermissionsCalculator(_before).ForAll().Sum(p => p.Entries.Length);

    /// <summary>The access delta between the two snapshots.</summary>
    [Benchmark]
    public int AccessDeltaOnePercentOfPolicies() => AccessDelta.Compute(_before, _after).Length;
}
