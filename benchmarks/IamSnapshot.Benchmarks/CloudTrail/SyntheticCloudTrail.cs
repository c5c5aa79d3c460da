using System.Globalization;
using System.Text.Json;

namespace IamSnapshot.Benchmarks.CloudTrail;

/// <summary>
/// Writes a deterministic synthetic CloudTrail corpus in the S3 delivery layout: plain (not gzipped)
/// <c>{"Records":[…]}</c> files of about 8 MB, mostly non-IAM noise (S3 data events, EC2, KMS, STS,
/// Lambda), about 1% IAM writes and 2% IAM reads. Plain JSON so that the benchmark measures parsing,
/// not decompression. Written once under the temp folder and reused.
/// </summary>
internal static class SyntheticCloudTrail
{
    public const string Account = "111122223333";
    private const int Seed = 20240101;
    private const long FileBytes = 8L * 1024 * 1024;
    private const string Version = "v2";

    private static readonly string[] Regions = ["us-east-1", "us-east-1", "eu-west-1", "us-west-2"];

    /// <summary>The folder holding a corpus of at least <paramref name="megabytes"/> MB, written if missing.</summary>
    public static string Ensure(int megabytes)
    {
        var root = Path.Combine(Path.GetTempPath(), "iamsnapshot-bench", $"cloudtrail-{megabytes}MB-{Version}");
        var marker = Path.Combine(root, ".complete");
        if (File.Exists(marker))
        {
            return root;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Console.Error.WriteLine($"Writing {megabytes} MB of synthetic CloudTrail to {root} (once)...");
        var started = DateTime.UtcNow;
        var random = new Random(Seed);
        var time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var target = megabytes * 1024L * 1024;
        long written = 0;
        var index = 0;
        while (written < target)
        {
            var region = Regions[index % Regions.Length];
            var folder = Path.Combine(root, "AWSLogs", Account, "CloudTrail", region, time.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var name = $"{index:D5}_{Account}_CloudTrail_{region}_{time:yyyyMMdd'T'HHmm}Z.json";
            written += WriteFile(Path.Combine(folder, name), region, ref time, random);
            index++;
        }

        File.WriteAllText(marker, string.Empty);
        Console.Error.WriteLine($"Wrote {index} files, {written / 1024 / 1024} MB, in {(DateTime.UtcNow - started).TotalSeconds:F0} s.");
        return root;
    }

    /// <summary>
    /// The corpus files in delivery (time) order across regions, the first ones up to <paramref name="megabytes"/> MB,
    /// so that a smaller size has the same mix of regions and IAM events.
    /// </summary>
    public static List<string> Files(string root, int megabytes)
    {
        var limit = megabytes * 1024L * 1024;
        long total = 0;
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).OrderBy(Path.GetFileName, StringComparer.Ordinal).ThenBy(f => f, StringComparer.Ordinal))
        {
            if (total >= limit)
            {
                break;
            }

            files.Add(file);
            total += new FileInfo(file).Length;
        }

        return files;
    }

    private static long WriteFile(string path, string region, ref DateTimeOffset time, Random random)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            while (writer.BytesCommitted + writer.BytesPending < FileBytes)
            {
                time = time.AddMilliseconds(random.Next(1, 400));
                WriteRecord(writer, region, time, random);
                if (writer.BytesPending > 1 << 16)
                {
                    writer.Flush();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.Length;
    }

    private static void WriteRecord(Utf8JsonWriter w, string region, DateTimeOffset time, Random random)
    {
        var roll = random.Next(1000);
        var iam = region == "us-east-1" && roll < 45;
        w.WriteStartObject();
        w.WriteString("eventVersion", roll % 3 == 0 ? "1.08" : "1.09");
        if (iam)
        {
            WriteAdminIdentity(w, random);
        }
        else
        {
            WriteRoleIdentity(w, random);
        }

        w.WriteString("eventTime", time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        if (iam)
        {
            WriteIam(w, roll, random);
        }
        else
        {
            WriteNoise(w, region, roll, random);
        }

        w.WriteString("requestID", Id(random));
        w.WriteString("eventID", Id(random));
        w.WriteString("eventType", "AwsApiCall");
        w.WriteString("recipientAccountId", Account);
        w.WriteStartObject("tlsDetails");
        w.WriteString("tlsVersion", "TLSv1.3");
        w.WriteString("cipherSuite", "TLS_AES_128_GCM_SHA256");
        w.WriteString("clientProvidedHostHeader", "service." + region + ".amazonaws.com");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIam(Utf8JsonWriter w, int roll, Random random)
    {
        var user = "user-" + random.Next(5000).ToString(CultureInfo.InvariantCulture);
        var role = "role-" + random.Next(2000).ToString(CultureInfo.InvariantCulture);
        w.WriteString("eventSource", "iam.amazonaws.com");
        w.WriteString("awsRegion", "us-east-1");
        w.WriteString("sourceIPAddress", "203.0.113." + random.Next(255).ToString(CultureInfo.InvariantCulture));
        w.WriteString("userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12 prompt/off command/iam");
        var isRead = roll >= 15;
        var name = isRead ? (roll % 2 == 0 ? "GetUser" : "ListAttachedRolePolicies") : (roll % 5) switch
        {
            0 => "CreateUser",
            1 => "AttachUserPolicy",
            2 => "PutRolePolicy",
            3 => "UpdateAssumeRolePolicy",
            _ => "DeleteUser",
        };
        w.WriteString("eventName", name);
        w.WriteStartObject("requestParameters");
        switch (name)
        {
            case "CreateUser" or "DeleteUser" or "GetUser":
                w.WriteString("userName", user);
                break;
            case "AttachUserPolicy":
                w.WriteString("userName", user);
                w.WriteString("policyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess");
                break;
            case "PutRolePolicy":
                w.WriteString("roleName", role);
                w.WriteString("policyName", "inline-" + random.Next(10).ToString(CultureInfo.InvariantCulture));
                w.WriteString("policyDocument", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:ListBucket\"], \"Resource\": \"*\"}]\n}");
                break;
            case "UpdateAssumeRolePolicy":
                w.WriteString("roleName", role);
                w.WriteString("policyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                break;
            default:
                w.WriteString("roleName", role);
                break;
        }

        w.WriteEndObject();
        if (name == "CreateUser")
        {
            w.WriteStartObject("responseElements");
            w.WriteStartObject("user");
            w.WriteString("path", "/");
            w.WriteString("userName", user);
            w.WriteString("userId", "AIDA" + Id(random)[..16].ToUpperInvariant());
            w.WriteString("arn", $"arn:aws:iam::{Account}:user/{user}");
            w.WriteString("createDate", "Jan 1, 2024 12:00:00 AM");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("responseElements");
        }

        w.WriteBoolean("readOnly", isRead);
        w.WriteBoolean("managementEvent", true);
        w.WriteString("eventCategory", "Management");
    }

    private static void WriteNoise(Utf8JsonWriter w, string region, int roll, Random random)
    {
        w.WriteString("sourceIPAddress", "10.0." + random.Next(255).ToString(CultureInfo.InvariantCulture) + "." + random.Next(255).ToString(CultureInfo.InvariantCulture));
        w.WriteString("userAgent", "[aws-sdk-java/1.12.500 Linux/5.10.199-190.747.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS java/17.0.9 vendor/Amazon.com_Inc. cfg/retry-mode/standard]");
        w.WriteString("awsRegion", region);
        switch (roll % 5)
        {
            case 0 or 1:
                var bucket = "data-bucket-" + random.Next(20).ToString(CultureInfo.InvariantCulture);
                var key = "warehouse/table-" + random.Next(300).ToString(CultureInfo.InvariantCulture) + "/part-" + random.Next(100000).ToString("D5", CultureInfo.InvariantCulture) + ".snappy.parquet";
                w.WriteString("eventSource", "s3.amazonaws.com");
                w.WriteString("eventName", roll % 2 == 0 ? "GetObject" : "PutObject");
                w.WriteStartObject("requestParameters");
                w.WriteString("bucketName", bucket);
                w.WriteString("Host", bucket + ".s3." + region + ".amazonaws.com");
                w.WriteString("key", key);
                w.WriteEndObject();
                w.WriteNull("responseElements");
                w.WriteStartObject("additionalEventData");
                w.WriteString("SignatureVersion", "SigV4");
                w.WriteString("CipherSuite", "TLS_AES_128_GCM_SHA256");
                w.WriteNumber("bytesTransferredIn", 0);
                w.WriteString("AuthenticationMethod", "AuthHeader");
                w.WriteString("x-amz-id-2", Id(random) + Id(random));
                w.WriteNumber("bytesTransferredOut", random.Next(10_000_000));
                w.WriteEndObject();
                w.WriteStartArray("resources");
                w.WriteStartObject();
                w.WriteString("type", "AWS::S3::Object");
                w.WriteString("ARN", "arn:aws:s3:::" + bucket + "/" + key);
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("accountId", Account);
                w.WriteString("type", "AWS::S3::Bucket");
                w.WriteString("ARN", "arn:aws:s3:::" + bucket);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteBoolean("readOnly", roll % 2 == 0);
                w.WriteBoolean("managementEvent", false);
                w.WriteString("eventCategory", "Data");
                break;
            case 2:
                w.WriteString("eventSource", "ec2.amazonaws.com");
                w.WriteString("eventName", "DescribeInstances");
                w.WriteStartObject("requestParameters");
                w.WriteStartObject("instancesSet");
                w.WriteStartArray("items");
                for (var i = 0; i < 3; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("instanceId", "i-0" + Id(random)[..16]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("filterSet");
                w.WriteStartArray("items");
                w.WriteStartObject();
                w.WriteString("name", "instance-state-name");
                w.WriteStartObject("valueSet");
                w.WriteStartArray("items");
                w.WriteStartObject();
                w.WriteString("value", "running");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteNull("responseElements");
                w.WriteBoolean("readOnly", true);
                w.WriteBoolean("managementEvent", true);
                w.WriteString("eventCategory", "Management");
                break;
            case 3:
                w.WriteString("eventSource", "kms.amazonaws.com");
                w.WriteString("eventName", "Decrypt");
                w.WriteStartObject("requestParameters");
                w.WriteStartObject("encryptionContext");
                w.WriteString("aws:s3:arn", "arn:aws:s3:::data-bucket-" + random.Next(20).ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.WriteString("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                w.WriteEndObject();
                w.WriteNull("responseElements");
                w.WriteStartArray("resources");
                w.WriteStartObject();
                w.WriteString("accountId", Account);
                w.WriteString("type", "AWS::KMS::Key");
                w.WriteString("ARN", $"arn:aws:kms:{region}:{Account}:key/{Id(random)}");
                w.WriteEndObject();
                w.WriteEndArray();
                if (roll % 50 == 3)
                {
                    w.WriteString("errorCode", "AccessDenied");
                    w.WriteString("errorMessage", "User is not authorized to perform kms:Decrypt");
                }

                w.WriteBoolean("readOnly", true);
                w.WriteBoolean("managementEvent", true);
                w.WriteString("eventCategory", "Management");
                break;
            default:
                w.WriteString("eventSource", "sts.amazonaws.com");
                w.WriteString("eventName", "AssumeRole");
                w.WriteStartObject("requestParameters");
                w.WriteString("roleArn", $"arn:aws:iam::{Account}:role/app-role-{random.Next(50).ToString(CultureInfo.InvariantCulture)}");
                w.WriteString("roleSessionName", "session-" + Id(random)[..8]);
                w.WriteNumber("durationSeconds", 3600);
                w.WriteEndObject();
                w.WriteStartObject("responseElements");
                w.WriteStartObject("credentials");
                w.WriteString("accessKeyId", "ASIA" + Id(random)[..16].ToUpperInvariant());
                w.WriteString("sessionToken", Id(random) + Id(random) + Id(random) + Id(random));
                w.WriteString("expiration", "Jan 1, 2024, 1:00:00 AM");
                w.WriteEndObject();
                w.WriteStartObject("assumedRoleUser");
                w.WriteString("assumedRoleId", "AROA" + Id(random)[..16].ToUpperInvariant() + ":session");
                w.WriteString("arn", $"arn:aws:sts::{Account}:assumed-role/app-role/session");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteBoolean("readOnly", true);
                w.WriteBoolean("managementEvent", true);
                w.WriteString("eventCategory", "Management");
                break;
        }
    }

    private static void WriteAdminIdentity(Utf8JsonWriter w, Random random)
    {
        w.WriteStartObject("userIdentity");
        w.WriteString("type", "IAMUser");
        w.WriteString("principalId", "AIDAEXAMPLEADMIN0001");
        w.WriteString("arn", $"arn:aws:iam::{Account}:user/admin-{random.Next(3).ToString(CultureInfo.InvariantCulture)}");
        w.WriteString("accountId", Account);
        w.WriteString("accessKeyId", "AKIAEXAMPLEADMINKEY1");
        w.WriteString("userName", "admin");
        w.WriteEndObject();
    }

    private static void WriteRoleIdentity(Utf8JsonWriter w, Random random)
    {
        var role = "app-role-" + random.Next(50).ToString(CultureInfo.InvariantCulture);
        var instance = "i-0" + Id(random)[..16];
        w.WriteStartObject("userIdentity");
        w.WriteString("type", "AssumedRole");
        w.WriteString("principalId", "AROAEXAMPLEROLE00001:" + instance);
        w.WriteString("arn", $"arn:aws:sts::{Account}:assumed-role/{role}/{instance}");
        w.WriteString("accountId", Account);
        w.WriteString("accessKeyId", "ASIAEXAMPLE" + Id(random)[..9].ToUpperInvariant());
        w.WriteStartObject("sessionContext");
        w.WriteStartObject("sessionIssuer");
        w.WriteString("type", "Role");
        w.WriteString("principalId", "AROAEXAMPLEROLE00001");
        w.WriteString("arn", $"arn:aws:iam::{Account}:role/{role}");
        w.WriteString("accountId", Account);
        w.WriteString("userName", role);
        w.WriteEndObject();
        w.WriteStartObject("attributes");
        w.WriteString("creationDate", "2024-01-01T00:00:00Z");
        w.WriteString("mfaAuthenticated", "false");
        w.WriteEndObject();
        w.WriteString("ec2RoleDelivery", "2.0");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
