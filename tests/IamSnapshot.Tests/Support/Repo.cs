namespace IamSnapshot.Tests.Support;

/// <summary>Files of the repository itself (docs, samples), found by walking up to IamSnapshot.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>True when the golden files should be rewritten (UPDATE_GOLDEN=1) instead of compared.</summary>
    public static bool UpdateGolden => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IamSnapshot.sln not found above " + AppContext.BaseDirectory);
    }
}
