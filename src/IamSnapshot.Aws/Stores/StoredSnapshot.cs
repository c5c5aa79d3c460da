namespace IamSnapshot.Aws.Stores;

/// <summary>A snapshot in a store. Immutable value.</summary>
/// <param name="AccountId">The account id.</param>
/// <param name="CapturedAt">When it was captured (to the second, UTC), as its key says.</param>
/// <param name="Key">The key relative to the store's root, for example <c>111122223333/2026/12/03/191916Z.json</c>.</param>
/// <param name="Location">Where it is, for humans: a file path or an <c>s3://</c> URL.</param>
public sealed record StoredSnapshot(string AccountId, DateTimeOffset CapturedAt, string Key, string Location);
