namespace IamSnapshot.Rules;

/// <summary>How serious a finding is, from least to most. Values are ordered, so they compare with &lt; and &gt;.</summary>
public enum Severity
{
    /// <summary>Worth knowing; no action needed.</summary>
    Info = 0,

    /// <summary>Hygiene: fix when convenient.</summary>
    Low = 1,

    /// <summary>Weakens the account; fix soon.</summary>
    Medium = 2,

    /// <summary>Grants or exposes significant access; fix now.</summary>
    High = 3,

    /// <summary>Full control of the account or anyone-can-assume exposure; act immediately.</summary>
    Critical = 4,
}
