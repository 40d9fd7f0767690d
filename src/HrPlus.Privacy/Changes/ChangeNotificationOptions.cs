namespace HrPlus.Privacy.Changes;

/// <summary>
/// Options of the reloads that change notifications from other instances trigger (PostgreSQL <c>NOTIFY</c>): how
/// close together two reloads of one cache may start.
/// </summary>
/// <remarks>
/// Any role that can connect to the database can send notifications on the channel; reloads are coalesced (per kind of
/// change, at most one running and one waiting) and spaced by <see cref="MinReloadInterval"/>, so a flood of them costs
/// a bounded number of store reads while a real change is still seen within the interval plus one reload.
/// </remarks>
public sealed class ChangeNotificationOptions
{
    /// <summary>The largest <see cref="MinReloadInterval"/> accepted: a change must still reach every instance within seconds.</summary>
    public static readonly TimeSpan MaxMinReloadInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the least time from the end of one notification-triggered reload of a cache (the key ring, the block
    /// list, the policies, the consent decisions) to the start of the next reload of the same cache. A notification that
    /// arrives sooner waits, together with all others of its kind, for that one next reload. Default: 250 milliseconds,
    /// so 10,000 notifications in 2 seconds cause about 8 reloads and a change is seen within about 0.3 seconds. Zero
    /// reloads as soon as the previous reload ends; at most <see cref="MaxMinReloadInterval"/>.
    /// </summary>
    public TimeSpan MinReloadInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
