namespace IamSnapshot.Model;

/// <summary>A resource tag. Immutable value.</summary>
/// <param name="Key">The tag key.</param>
/// <param name="Value">The tag value (may be empty).</param>
public sealed record Tag(string Key, string Value);
