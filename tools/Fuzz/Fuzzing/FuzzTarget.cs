namespace IamSnapshot.Fuzzing;

/// <summary>How one fuzz case ended.</summary>
internal enum FuzzVerdict
{
    /// <summary>The input loaded.</summary>
    Success,

    /// <summary>The loader refused the input with its documented error, naming the input.</summary>
    ClearError,

    /// <summary>Any other exception, or a documented error that does not name the input.</summary>
    Crash,

    /// <summary>The case did not finish within the time allowed.</summary>
    Hang,

    /// <summary>The case allocated more than its memory budget.</summary>
    Memory,
}

/// <summary>One seed input: a name (a file name; a folder target writes the mutated bytes under it) and its bytes.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes);

/// <summary>
/// A loader under test: its seeds, the kind of mutations that suit them, and how to run it. <see cref="Run"/> returns
/// <see cref="FuzzVerdict.Success"/> or <see cref="FuzzVerdict.ClearError"/> and lets every other exception escape, which
/// the runner records as a crash.
/// </summary>
internal sealed class FuzzTarget
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required InputKind Kind { get; init; }

    public required IReadOnlyList<FuzzSeed> Seeds { get; init; }

    /// <summary>Runs the loader on mutated bytes of <c>seed</c>.</summary>
    public required Func<FuzzSeed, byte[], FuzzVerdict> Run { get; init; }
}
