using System.Diagnostics.Metrics;
using System.Text;
using BenchmarkDotNet.Attributes;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Benchmarks;

/// <summary>
/// Encrypting one field with nobody listening to the <c>HrPlus.Privacy</c> meter (the baseline) and with a
/// <see cref="MeterListener"/> that records every measurement of it, in the same run: what the instruments cost the hot path.
/// </summary>
[MemoryDiagnoser]
public class MetricsListenerBenchmarks
{
    private static readonly FieldContext Context = FieldContext.For("Student", "Iin");
    private EncryptionSetup _setup = null!;
    private MeterListener? _listener;
    private byte[] _plaintext = null!;
    private byte[] _destination = null!;
    private long _measurements;

    [Params(12, 1024)]
    public int Size { get; set; }

    [GlobalSetup(Target = nameof(WithoutListener))]
    public void SetupWithoutListener() => Setup();

    [GlobalSetup(Target = nameof(WithListener))]
    public void SetupWithListener()
    {
        Setup();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "HrPlus.Privacy")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _measurements, value));
        _listener.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _setup.Dispose();
    }

    [Benchmark(Baseline = true, Description = "encrypt, no listener")]
    public int WithoutListener() => _setup.Encryptor.Encrypt(_plaintext, _destination, Context);

    [Benchmark(Description = "encrypt, meter listener")]
    public int WithListener() => _setup.Encryptor.Encrypt(_plaintext, _destination, Context);

    private void Setup()
    {
        _setup = new EncryptionSetup();
        _plaintext = Encoding.UTF8.GetBytes(EncryptionSetup.Text(Size));
        _destination = new byte[FieldCiphertext.GetCiphertextLength(_plaintext.Length)];
        _setup.Encryptor.Encrypt(_plaintext, _destination, Context);
    }
}
