namespace HrPlus.Privacy.AccessLog;

/// <summary>
/// How many requests one network made on one day (policy clause 3.3.2): the network is a keyed pseudonym of the
/// truncated address, so statistics show patterns without identifying anyone.
/// </summary>
/// <param name="Day">The day, in the operator's local time.</param>
/// <param name="Network">The pseudonym of the truncated address.</param>
/// <param name="Requests">The number of requests.</param>
public sealed record IpStatistic(DateOnly Day, string Network, long Requests);
