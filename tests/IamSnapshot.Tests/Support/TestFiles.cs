namespace IamSnapshot.Tests.Support;

/// <summary>Paths of the committed test data (real files from tests/TestData, copied next to the test assembly).</summary>
internal static class TestFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Authz(string name) => Path.Combine(Root, "realdata", "authz", name);

    public static string CloudsplainingExample => Authz("cloudsplaining-example-2023.json");

    public static string CloudMapperDemo => Authz("cloudmapper-demo-authz.json");

    public static string ManagedPolicyMismatch => Authz("cloudsplaining-managed-policy-mismatch.json");

    public static IEnumerable<string> AllAuthz => [CloudsplainingExample, CloudMapperDemo, ManagedPolicyMismatch];

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);
}

/// <summary>A temporary folder deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "iamsnapshot-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
