using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HrPlus.Privacy.Sample.Operations;

/// <summary>
/// The sample's own in-process view of the SDK's metrics for the operator page: a <see cref="MeterListener"/> on the
/// meters <c>HrPlus.Privacy</c> and <c>HrPlus.Privacy.AspNetCore</c> that sums each counter by instrument and tags (a real
/// deployment exports the same instruments with OpenTelemetry instead).
/// </summary>
public sealed class MetricTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public MetricTotals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is "HrPlus.Privacy" or "HrPlus.Privacy.AspNetCore" && instrument is Counter<long> or ObservableGauge<int> or ObservableGauge<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags, gauge: instrument is ObservableGauge<long>));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags, gauge: true));
        _listener.Start();
    }

    /// <summary>Gets the totals (gauges: the last value), by "instrument {tag=value,…}", after reading the gauges once.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot()
    {
        _listener.RecordObservableInstruments();
        return [.. _totals.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, bool gauge)
    {
        var key = instrument.Name;
        if (tags.Length > 0)
        {
            var parts = new string[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                parts[i] = tags[i].Key + "=" + tags[i].Value;
            }

            key += " {" + string.Join(", ", parts) + "}";
        }

        if (gauge)
        {
            _totals[key] = value;
        }
        else
        {
            _totals.AddOrUpdate(key, value, (_, total) => total + value);
        }
    }
}
