using System.Runtime.CompilerServices;

namespace IamSnapshot.Aws.Tests.Support;

internal static class TestEnvironment
{
    /// <summary>
    /// Keeps the SDK away from the real machine: no instance-metadata probing (non-loopback traffic), no real
    /// profiles or credentials, no endpoint overrides from the developer's shell.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var empty = Path.Combine(Path.GetTempPath(), "iamsnapshot-tests-no-aws-files");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(empty, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(empty, "credentials"));
        foreach (var name in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
