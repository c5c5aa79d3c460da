namespace IamSnapshot.Model;

/// <summary>
/// A virtual MFA device (<c>ListVirtualMFADevices</c>), assigned to a user or to root, or unassigned. A root user whose
/// MFA device is listed here has virtual, not hardware, MFA. Immutable value with structural equality.
/// </summary>
public sealed record VirtualMfaDevice
{
    /// <summary>The device's serial number, which for a virtual device is its ARN (<c>arn:aws:iam::123456789012:mfa/alice</c>).</summary>
    public required string SerialNumber { get; init; }

    /// <summary>The ARN of the user the device is assigned to (<c>…:root</c> for root), or null when unassigned.</summary>
    public string? UserArn { get; init; }

    /// <summary>The name of the user the device is assigned to, or null when unassigned or not given.</summary>
    public string? UserName { get; init; }

    /// <summary>When the device was enabled for its user (UTC), or null when unassigned.</summary>
    public DateTimeOffset? EnableDate { get; init; }
}
