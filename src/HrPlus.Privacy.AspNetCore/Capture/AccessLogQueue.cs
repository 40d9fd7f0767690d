using System.Diagnostics.Metrics;
using System.Threading.Channels;
using HrPlus.Privacy.AccessLog;

namespace HrPlus.Privacy.AspNetCore.Capture;

/// <summary>The bounded queue between the request path and the writer, with its accounting and metrics.</summary>
internal sealed class AccessLogQueue : IAccessLogMonitor, IDisposable
{
    public const string MeterName = "HrPlus.Privacy.AspNetCore";

    private readonly Channel<CapturedRequest> _channel;
    private readonly Meter _meter;
    private readonly Counter<long> _enqueuedCounter;
    private readonly Counter<long> _persistedCounter;
    private readonly Counter<long> _droppedCounter;
    private long _enqueued;
    private long _persisted;
    private long _dropped;

    public AccessLogQueue(int capacity, IMeterFactory? meters)
    {
        _channel = Channel.CreateBounded<CapturedRequest>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _enqueuedCounter = _meter.CreateCounter<long>("hrplus.access_log.enqueued", "{record}", "Access records offered to the queue.");
        _persistedCounter = _meter.CreateCounter<long>("hrplus.access_log.persisted", "{record}", "Access records written to the store.");
        _droppedCounter = _meter.CreateCounter<long>("hrplus.access_log.dropped", "{record}", "Access records dropped (queue full or store failure).");
        BatchDuration = _meter.CreateHistogram<double>("hrplus.access_log.batch.duration", "ms", "Time to write one batch to the store.");
        _meter.CreateObservableGauge(
            "hrplus.access_log.queued", () => Enqueued - Persisted - Dropped, "{record}",
            "Access records accepted but not yet written or dropped: what a crash would lose now.");
    }

    public long Enqueued => Interlocked.Read(ref _enqueued);

    public long Persisted => Interlocked.Read(ref _persisted);

    public long Dropped => Interlocked.Read(ref _dropped);

    public Histogram<double> BatchDuration { get; }

    public ChannelReader<CapturedRequest> Reader => _channel.Reader;

    /// <summary>Offers a record without waiting; a full (or completed) queue drops it.</summary>
    public void Offer(in CapturedRequest record)
    {
        Interlocked.Increment(ref _enqueued);
        _enqueuedCounter.Add(1);
        if (!_channel.Writer.TryWrite(record))
        {
            AddDropped(1);
        }
    }

    /// <summary>Counts a request whose record could not be built: enqueued and dropped at once.</summary>
    public void OfferFailed()
    {
        Interlocked.Increment(ref _enqueued);
        _enqueuedCounter.Add(1);
        AddDropped(1);
    }

    public void AddPersisted(int count)
    {
        Interlocked.Add(ref _persisted, count);
        _persistedCounter.Add(count);
    }

    public void AddDropped(int count)
    {
        Interlocked.Add(ref _dropped, count);
        _droppedCounter.Add(count);
    }

    /// <summary>Stops accepting records; the writer drains what is queued and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose() => _meter.Dispose();
}
