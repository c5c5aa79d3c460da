using System.Collections.Immutable;
using IamSnapshot.Model;

namespace IamSnapshot.Aws;

/// <summary>A captured account: the snapshot and the parts left out of it. Immutable.</summary>
public sealed class AwsCaptureResult
{
    internal AwsCaptureResult(AccountSnapshot snapshot, ImmutableArray<CaptureWarning> warnings, int authorizationDetailsPages)
    {
        Snapshot = snapshot;
        Warnings = warnings;
        AuthorizationDetailsPages = authorizationDetailsPages;
    }

    /// <summary>The snapshot.</summary>
    public AccountSnapshot Snapshot { get; }

    /// <summary>The account id.</summary>
    public string AccountId => Snapshot.Metadata.AccountId!;

    /// <summary>Parts left out because the caller may not read them (only with <see cref="AwsCaptureOptions.AllowPartial"/>).</summary>
    public ImmutableArray<CaptureWarning> Warnings { get; }

    /// <summary>Whether every requested part was captured.</summary>
    public bool IsComplete => Warnings.IsEmpty;

    /// <summary>How many authorization-details pages the capture fetched.</summary>
    public int AuthorizationDetailsPages { get; }
}
