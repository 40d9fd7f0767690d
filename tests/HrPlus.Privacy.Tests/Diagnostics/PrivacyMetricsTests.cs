using HrPlus.Privacy.Diagnostics;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Tests.Encryption;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HrPlus.Privacy.Tests.Diagnostics;

public sealed class PrivacyMetricsTests
{
    private static readonly FieldContext Name = FieldContext.For("Student", "FullName");

    [Theory]
    [InlineData(FieldEncryptionEngine.Platform, "platform")]
    [InlineData(FieldEncryptionEngine.Libsodium, "libsodium")]
    public void EncryptionsDecryptionsAndFailures_AreCountedByEngineAndReason(FieldEncryptionEngine engine, string engineTag)
    {
        using var metrics = new PrivacyMetrics(null);
        using var encryptions = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.encryptions");
        using var decryptions = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.decryptions");
        using var failures = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.decryption.failures");
        using var ring = new TestKeyRing(new FieldEncryptionOptions { Engine = engine });
        var encryptor = new FieldEncryptor(ring.Ring, metrics: metrics);

        var a = encryptor.Encrypt("Әлихан", Name);
        _ = encryptor.Encrypt("Алина", Name);
        var span = new byte[64];
        var written = encryptor.Encrypt("abc"u8, span, Name);
        Assert.Equal("Әлихан", encryptor.Decrypt(a, Name));
        Assert.Equal(3, encryptor.Decrypt(span.AsSpan(0, written), new byte[3], Name));
        Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(a, FieldContext.For("Student", "Other")));
        Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt("hp1.AAAA", Name));
        Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(span.AsSpan(0, 10), new byte[3], Name));

        Assert.Equal(3, encryptions.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(encryptions.GetMeasurementSnapshot(), m => Assert.Equal(engineTag, m.Tags["engine"]));
        Assert.Equal(2, decryptions.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(decryptions.GetMeasurementSnapshot(), m => Assert.Equal(engineTag, m.Tags["engine"]));
        Assert.Equal(["tampered", "malformed", "malformed"], failures.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
        Assert.All(failures.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public void SubjectKeyEncryptions_AreTaggedWithTheEngineThatDidThem()
    {
        foreach (var (configured, expected) in new[] { (FieldEncryptionEngine.Libsodium, "libsodium"), (FieldEncryptionEngine.Platform, "platform") })
        {
            using var metrics = new PrivacyMetrics(null);
            using var encryptions = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.encryptions");
            using var ring = new TestKeyRing(new FieldEncryptionOptions { Engine = configured, PerSubjectKeys = true });
            var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true, metrics: metrics);

            _ = encryptor.Encrypt("x", Name);
            _ = encryptor.Encrypt("x", Name.WithSubject("pupil-1"));

            // Subjects' keys use libsodium on raw key bytes where libsodium is configured (never NSec's guarded memory),
            // the platform engine otherwise; the tag names the engine that did the work.
            Assert.Equal([expected, expected], encryptions.GetMeasurementSnapshot().Select(m => (string)m.Tags["engine"]!));
        }
    }

    [Fact]
    public async Task KeyRing_RefreshesRotationsAndUnknownKeyRefreshes_AreCountedWithTheirCause()
    {
        using var metrics = new PrivacyMetrics(null);
        using var refreshes = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.key_ring.refreshes");
        using var rotations = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.key_ring.rotations");
        using var unknown = new MetricCollector<long>(metrics.Meter, "hrplus.privacy.key_ring.unknown_key_refreshes");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestKeyRing.Start);
        using var ring = new FieldKeyRing(new InMemoryFieldKeyStore(), IdentityDataProtection.Instance, time,
            Microsoft.Extensions.Options.Options.Create(new FieldEncryptionOptions { MaxEncryptionsPerKey = 2 }), NullLogger.Instance, metrics);
        var encryptor = new FieldEncryptor(ring, metrics: metrics);

        _ = ring.CurrentKey;
        await ring.RotateAsync();
        for (var i = 0; i < 3; i++)
        {
            _ = encryptor.Encrypt("x", Name);
        }

        var forged = new byte[FieldCiphertext.Overhead];
        forged[0] = 1;
        forged[4] = 0x77;
        Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(forged, Span<byte>.Empty, Name));

        Assert.Equal(["missing", "requested", "limit"], rotations.GetMeasurementSnapshot().Select(m => (string)m.Tags["cause"]!));
        Assert.Equal(1, unknown.GetMeasurementSnapshot().EvaluateAsCounter());
        // The forged id is looked up by id (counted above), not by reading the whole store again.
        Assert.Equal(3, refreshes.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
