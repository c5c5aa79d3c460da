namespace IamSnapshot.CloudTrail;

/// <summary>Whether a change adds, removes or modifies the thing its category names.</summary>
public enum IamChangeOperation
{
    /// <summary>Created, attached, put, added, enabled, uploaded.</summary>
    Added,

    /// <summary>Deleted, detached, removed, deactivated.</summary>
    Removed,

    /// <summary>Replaced or updated in place.</summary>
    Modified,
}
