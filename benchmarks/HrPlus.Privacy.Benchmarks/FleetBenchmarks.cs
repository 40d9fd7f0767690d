using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HrPlus.Privacy.EntityFrameworkCore.Tests.Infrastructure;
using HrPlus.Privacy.Sample.Tests.Infrastructure;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// The sample as a fleet, as in the fleet test: 1 or 3 instances (OS processes of the Release build) started together on
/// one empty throw-away PostgreSQL database, DataProtection's keys in it, epoch keys in a shared folder, per-subject keys
/// on. <see cref="Enrol"/>: six enrolments at once through the registration form, spread over the instances (Op/s is
/// the fleet's enrolment throughput). <see cref="ReadAcrossInstances"/>: one pupil's record opened on an instance other
/// than the one that enrolled the pupil (with one instance, the same one); one read per iteration, so the P99 column is
/// the 99th percentile of a read. Needs PostgreSQL (initdb and pg_ctl on PATH or under /usr/lib/postgresql).
/// Run: <c>dotnet run -c Release --project benchmarks/HrPlus.Privacy.Benchmarks -- --filter *FleetBenchmarks*</c>.
/// </summary>
[Config(typeof(FleetConfig))]
public class FleetBenchmarks
{
    private const int Concurrent = 6;
    private const int Prepared = 60;

    private PostgresServer? _postgres;
    private SampleFleet? _fleet;
    private readonly List<(Guid Id, int Home)> _pupils = [];
    private int _nextPupil = 1_000;
    private int _nextRead;

    /// <summary>How many instances share the database.</summary>
    [Params(1, 3)]
    public int Instances { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _postgres = new PostgresServer();
        _fleet = await SampleFleet.StartAsync(_postgres, Instances, TimeSpan.FromMinutes(3));
        for (var i = 0; i < Prepared; i++)
        {
            var home = i % Instances;
            _pupils.Add((await FleetOperations.EnrolAsync(_fleet.Instances[home], i, $"Bench Pupil {i:D4}"), home));
        }
    }

    [Benchmark(OperationsPerInvoke = Concurrent)]
    public async Task<int> Enrol()
    {
        var first = Interlocked.Add(ref _nextPupil, Concurrent) - Concurrent;
        var ids = await Task.WhenAll(Enumerable.Range(first, Concurrent).Select(i =>
            FleetOperations.EnrolAsync(_fleet!.Instances[i % Instances], i, $"Bench Pupil {i:D4}")));
        return ids.Length;
    }

    [Benchmark]
    public async Task<HttpStatusCode> ReadAcrossInstances()
    {
        var (id, home) = _pupils[_nextRead++ % _pupils.Count];
        var (status, name) = await FleetOperations.ReadAsync(_fleet!.Instances[(home + 1) % Instances], id);
        return status == HttpStatusCode.OK && name is not null ? status : throw new InvalidOperationException($"The read failed: {(int)status}.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }

        _postgres?.Dispose();
    }

    private sealed class FleetConfig : ManualConfig
    {
        public FleetConfig()
        {
            // One invocation per iteration: an iteration is six enrolments, or one read.
            AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(100).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.P95, new P99Column());
        }
    }

    /// <summary>The 99th percentile of the iterations (BenchmarkDotNet's own columns stop at P95 and P100).</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => "P99";

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of the iterations";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(99) / 1_000_000).ToString("N2", System.Globalization.CultureInfo.InvariantCulture) + " ms"
                : "NA";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
