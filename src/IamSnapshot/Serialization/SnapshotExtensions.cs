using System.Text.Json;
using IamSnapshot.Model;

namespace IamSnapshot.Serialization;

/// <summary>
/// Hook for the optional account-level parts (credential report, password policy, account summary, aliases,
/// providers): each writes and reads its own section after the entity sections (see <see cref="AccountPartsJson"/>).
/// </summary>
internal static class SnapshotExtensions
{
    public static void WriteParts(Utf8JsonWriter writer, AccountSnapshot snapshot) =>
        AccountPartsJson.Write(writer, snapshot);

    public static AccountSnapshot ReadParts(JsonElement root, AccountSnapshot snapshot, string filePath) =>
        AccountPartsJson.Read(root, snapshot, filePath);
}
