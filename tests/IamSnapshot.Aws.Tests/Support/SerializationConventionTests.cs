using IamSnapshot.Aws;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Aws.Tests.Support;

public class SerializationConventionTests
{
    [Fact]
    public void AwsPackage_UsesSourceGeneratedMetadataOnly()
    {
        // Request bodies of the AWS JSON protocol go through AwsJsonContext; responses are read with JsonDocument.
        SerializerCalls.ReflectionBased(typeof(AwsIamSnapshotSource).Assembly).Should().BeEmpty();
    }
}
