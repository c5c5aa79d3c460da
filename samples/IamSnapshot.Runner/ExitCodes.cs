namespace IamSnapshot.Runner;

/// <summary>The runner's exit codes (documented in the README; CI pipelines depend on them).</summary>
internal static class ExitCodes
{
    /// <summary>Success: no unsuppressed finding at or above --fail-on.</summary>
    public const int Success = 0;

    /// <summary>Findings at or above --fail-on.</summary>
    public const int Findings = 1;

    /// <summary>Usage, input or configuration error.</summary>
    public const int InputError = 2;

    /// <summary>The run could not complete (AWS or network failure, access denied, some accounts failed).</summary>
    public const int RunFailed = 3;
}
