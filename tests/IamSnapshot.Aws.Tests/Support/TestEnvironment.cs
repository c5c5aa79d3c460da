using System.Runtime.CompilerServices;

namespace IamSnapshot.Aws.Tests.Support;

internal static class TestEnvironment
{
    /// <summary>A profile in the test process's AWS files, holding the fake's credentials.</summary>
    public const string ProfileName = "iamsnapshot-test";

    /// <summary>
    /// Keeps the SDK away from the real machine: no instance-metadata probing (non-loopback traffic), no real
    /// profiles or credentials, no endpoint overrides from the developer's shell.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        // Written before any SDK call: the SDK caches the profile files for the life of the process.
        var folder = Path.Combine(Path.GetTempPath(), "iamsnapshot-tests-aws-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config"), $"[profile {ProfileName}]\nregion = eu-central-1\n");
        File.WriteAllText(Path.Combine(folder, "credentials"), $"[{ProfileName}]\naws_access_key_id = {IamSnapshot.Aws.Fakes.FakeAwsServer.AccessKeyId}\naws_secret_access_key = {IamSnapshot.Aws.Fakes.FakeAwsServer.SecretAccessKey}\n");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(folder, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(folder, "credentials"));
        foreach (var name in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
