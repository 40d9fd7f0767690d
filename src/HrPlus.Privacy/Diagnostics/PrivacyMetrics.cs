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
    private readonly Counter<long> _consentDecisions;
    private readonly Counter<long> _ledgerAppends;
    private readonly Counter<long> _auditAppends;
    private readonly Counter<long> _notifications;
    private Func<int?>? _blocksInForce;

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
        _consentDecisions = _meter.CreateCounter<long>("hrplus.privacy.consent.decisions", "{decision}", "Consent decisions answered, by outcome.");
        _ledgerAppends = _meter.CreateCounter<long>("hrplus.privacy.consent.ledger.appends", "{event}", "Events appended to the consent ledger, by kind.");
        _auditAppends = _meter.CreateCounter<long>("hrplus.privacy.audit.appends", "{entry}", "Entries appended to the audit trail, by operation.");
        _notifications = _meter.CreateCounter<long>("hrplus.privacy.notifications", "{notification}", "Change notifications received from other instances, by change.");
        _meter.CreateObservableGauge("hrplus.privacy.blocks", ObserveBlocks, "{subject}", "Subjects blocked now, as this instance's block list holds them (nothing before it is loaded).");
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

    /// <summary>Counts a consent decision; the outcome tag is the decision in snake case (<c>granted</c>, <c>reconsent_required</c>, …).</summary>
    public void ConsentDecided(Consent.ConsentDecision decision)
    {
        if (_consentDecisions.Enabled)
        {
            _consentDecisions.Add(1, new KeyValuePair<string, object?>("outcome", SnakeCase(decision.ToString())));
        }
    }

    /// <summary>Counts an appended consent event; the kind tag is <c>granted</c>, <c>withdrawn</c>, ….</summary>
    public void LedgerAppended(Consent.ConsentEventKind kind) =>
        _ledgerAppends.Add(1, new KeyValuePair<string, object?>("kind", SnakeCase(kind.ToString())));

    /// <summary>Counts an appended audit entry; the operation tag is the operation in snake case.</summary>
    public void AuditAppended(Audit.AuditOperation operation) =>
        _auditAppends.Add(1, new KeyValuePair<string, object?>("operation", SnakeCase(operation.ToString())));

    /// <summary>Counts a change notification from another instance; the change tag is <c>keys</c>, <c>blocks</c>, ….</summary>
    public void NotificationReceived(Changes.PrivacyChange change) =>
        _notifications.Add(1, new KeyValuePair<string, object?>("change", SnakeCase(change.ToString())));

    /// <summary>Sets where the blocks-in-force gauge reads from (null while nothing is loaded).</summary>
    public void ObserveBlocksWith(Func<int?> blocksInForce) => _blocksInForce = blocksInForce;

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<int>> ObserveBlocks() =>
        _blocksInForce?.Invoke() is { } count ? [new Measurement<int>(count)] : [];

    /// <summary>An enum name as a lower-case tag value: <c>ReconsentRequired</c> becomes <c>reconsent_required</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    internal static string ReasonTag(FieldDecryptionFailureReason reason) => reason switch
    {
        FieldDecryptionFailureReason.Malformed => "malformed",
        FieldDecryptionFailureReason.UnknownKey => "unknown_key",
        FieldDecryptionFailureReason.Tampered => "tampered",
        FieldDecryptionFailureReason.UnsupportedVersion => "unsupported_version",
        FieldDecryptionFailureReason.KeyDestroyed => "key_destroyed",
        FieldDecryptionFailureReason.SubjectBlocked => "subject_blocked",
        FieldDecryptionFailureReason.KeyUnavailable => "key_unavailable",
        _ => "other",
    };
}
