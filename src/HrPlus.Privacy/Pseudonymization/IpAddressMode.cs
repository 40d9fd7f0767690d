namespace HrPlus.Privacy.Pseudonymization;

/// <summary>How a client IP address is recorded.</summary>
public enum IpAddressMode
{
    /// <summary>Not recorded at all.</summary>
    None = 0,

    /// <summary>Truncated to its network (/24 for IPv4, /48 for IPv6): <c>192.0.2.0</c>.</summary>
    Truncated = 1,

    /// <summary>Replaced by a keyed pseudonym: the same address always gives the same pseudonym, which does not reveal it.</summary>
    Pseudonymized = 2,

    /// <summary>Recorded as it is. Personal data: use only with a documented need.</summary>
    Full = 3,
}
