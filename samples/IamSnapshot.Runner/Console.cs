namespace IamSnapshot.Runner;

/// <summary>Where the runner writes: results to <see cref="Out"/>, errors and progress to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="ColorAllowed">True when standard output is a terminal and NO_COLOR is not set.</param>
internal sealed record RunnerConsole(TextWriter Out, TextWriter Error, bool ColorAllowed)
{
    public static RunnerConsole System() => new(
        global::System.Console.Out,
        global::System.Console.Error,
        !global::System.Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
}
