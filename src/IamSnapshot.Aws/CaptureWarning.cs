using IamSnapshot.Model;

namespace IamSnapshot.Aws;

/// <summary>A part left out of a partial snapshot, and why. Immutable value.</summary>
/// <param name="Part">The part that is absent.</param>
/// <param name="Operation">The operation that was refused.</param>
/// <param name="Message">Why (the AWS error), for humans; never holds secrets.</param>
public sealed record CaptureWarning(SnapshotParts Part, string Operation, string Message);
