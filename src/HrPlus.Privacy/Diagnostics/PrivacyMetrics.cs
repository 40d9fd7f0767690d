using System.Diagnostics.Metrics;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Diagnostics;

/// <summary>
/// The instruments of the core package, on the meter <see cref="MeterName"/>. Names and units follow the OpenTelemetry
/// conventions; tag values are lower-case words (an engine, a reason, an operation), never a personal value, a key or an id.
/// </summary>
/// <remarks>
/// Instruments that nobody listens to cost one branch on the hot path (<see cref="Instrument.Enabled"/>), so field
/// encryption and decryption stay allocation-free with or without a listener.
/// </remarks>
internal sealed class PrivacyMetrics : IDisposable
{
    /// <summary>The meter name of the core package.</summary>
    public const string MeterName = "HrPlus.Privacy";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _encryptions;
    private readonly Counter<long> _decryptions;
    private readonly Counter<long> _decryptionFailures;
    private readonly Counter<long> _keyRingRefreshes;
    private readonly Counter<long> _keyRotations;
    private readonly Counter<long> _unknownKeyRefreshes;

    public PrivacyMetrics(IMeterFactory? meters)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _encryptions = _meter.CreateCounter<long>("hrplus.privacy.encryptions", "{value}", "Field values encrypted, by engine.");
        _decryptions = _meter.CreateCounter<long>("hrplus.privacy.decryptions", "{value}", "Field values decrypted, by engine.");
        _decryptionFailures = _meter.CreateCounter<long>("hrplus.privacy.decryption.failures", "{value}", "Field values that did not decrypt, by reason.");
        _keyRingRefreshes = _meter.CreateCounter<long>("hrplus.privacy.key_ring.refreshes", "{refresh}", "Reads of the field key store that rebuilt the key ring.");
        _keyRotations = _meter.CreateCounter<long>("hrplus.privacy.key_ring.rotations", "{rotation}", "New current encryption keys made by this instance, by cause.");
        _unknownKeyRefreshes = _meter.CreateCounter<long>("hrplus.privacy.key_ring.unknown_key_refreshes", "{refresh}", "Store reads caused by a ciphertext or subject naming a key this instance had not loaded.");
    }

    /// <summary>Gets the meter, for instruments other components add to it.</summary>
    public Meter Meter => _meter;

    public void Encrypted(AesGcmEngine engine)
    {
        if (_encryptions.Enabled)
        {
            _encryptions.Add(1, new KeyValuePair<string, object?>("engine", engine.Name));
        }
    }

    public void Decrypted(AesGcmEngine engine)
    {
        if (_decryptions.Enabled)
        {
            _decryptions.Add(1, new KeyValuePair<string, object?>("engine", engine.Name));
        }
    }

    public void DecryptionFailed(FieldDecryptionFailureReason reason)
    {
        if (_decryptionFailures.Enabled)
        {
            _decryptionFailures.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
        }
    }

    public void KeyRingRefreshed() => _keyRingRefreshes.Add(1);

    /// <summary>Counts a new current key; <paramref name="cause"/> is <c>requested</c>, <c>expiry</c>, <c>limit</c> or <c>missing</c>.</summary>
    public void KeyRotated(string cause) => _keyRotations.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void UnknownKeyRefreshed() => _unknownKeyRefreshes.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    internal static string ReasonTag(FieldDecryptionFailureReason reason) => reason switch
    {
        FieldDecryptionFailureReason.Malformed => "malformed",
        FieldDecryptionFailureReason.UnknownKey => "unknown_key",
        FieldDecryptionFailureReason.Tampered => "tampered",
        FieldDecryptionFailureReason.UnsupportedVersion => "unsupported_version",
        FieldDecryptionFailureReason.KeyDestroyed => "key_destroyed",
        FieldDecryptionFailureReason.SubjectBlocked => "subject_blocked",
        _ => "other",
    };
}
