using IamSnapshot.Fuzzing;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Fuzzing;

/// <summary>Runs alone: the fuzzer measures each case's allocations process-wide, which parallel tests would distort.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzGroup
{
    public const string Name = "Fuzzing";
}

/// <summary>The seeds and scratch folder of the fuzz targets, made once for all of them.</summary>
public sealed class FuzzFixture : IDisposable
{
    private readonly TempFolder _work = new();

    public FuzzFixture() => Targets = FuzzTargets.Create(TestFiles.Root, _work.Path).ToDictionary(t => t.Name);

    internal IReadOnlyDictionary<string, FuzzTarget> Targets { get; }

    public void Dispose() => _work.Dispose();
}

/// <summary>
/// A fixed-seed set of the mutation fuzzer's cases (tools/Fuzz runs 10,000 per loader): every loader, on mutated real
/// inputs, ends each case in success or its documented, located error; never another exception, a hang or a blow-up
/// of memory. A failure lists the cases; replay one with <c>dotnet run --project tools/Fuzz -- --seed 20261203 --target NAME</c>.
/// </summary>
[Collection(FuzzGroup.Name)]
public class FuzzTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    private const int Cases = 250;
    private const int Seed = 20261203;

    private static readonly string[] LoaderNames =
    [
        "authz", "saved", "folder", "credential-report", "password-policy", "account-summary", "account-aliases",
        "oidc-providers", "saml-providers", "mfa-devices", "access-keys", "server-certificates", "oidc-provider-details", "cloudtrail", "configuration", "baseline",
    ];

    public static TheoryData<string> Loaders => new(LoaderNames);

    [Fact]
    public void Targets_CoverEveryLoader()
    {
        fixture.Targets.Keys.Should().BeEquivalentTo(LoaderNames);
        fixture.Targets.Values.Should().OnlyContain(t => t.Seeds.Count > 0);
    }

    [Theory]
    [MemberData(nameof(Loaders))]
    public void Loader_MutatedInputs_EndInSuccessOrClearError(string loader)
    {
        var settings = new FuzzSettings(Cases, Seed, TimeSpan.FromSeconds(60), MutationLimits.Test);

        var tally = FuzzRunner.Run(fixture.Targets[loader], settings);

        tally.Total.Should().Be(Cases);
        tally.FailureDetails.Select(f => $"case {f.Case} ({f.Verdict}) from {f.Seed}: {f.Mutation} -> {f.Detail}")
            .Should().BeEmpty("every case ends in success or a clear error");
        tally.Success.Should().BePositive("some mutations leave the input loadable");
        tally.ClearError.Should().BePositive("most mutations break the input, and the loader says where");
    }

    [Fact]
    public void Mutator_SameSeed_SameInput()
    {
        // A failing case is replayed from its number: the mutation must depend on the seed alone.
        var target = fixture.Targets["authz"];
        byte[] Case(int index)
        {
            var random = new Random(FuzzRunner.CaseSeed(Seed, target.Name, index));
            var seed = target.Seeds[random.Next(target.Seeds.Count)];
            return new Mutator(random, MutationLimits.Test).Mutate(seed.Bytes, target.Kind);
        }

        Case(17).Should().Equal(Case(17));
        Case(17).Should().NotEqual(Case(18));
    }
}
