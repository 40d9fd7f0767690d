using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Pseudonymization;
using HrPlus.Privacy.Tests.Encryption;
using HrPlus.Privacy.Tests.Identifiers;

namespace HrPlus.Privacy.Tests.Pseudonymization;

public sealed class PseudonymizerTests
{
    private readonly Pseudonymizer _pseudonymizer = new(new FixedRootSecrets());

    // Computed independently with Python hmac/hashlib (HKDF-SHA256, empty salt, info
    // "HrPlus.Privacy/pseudonym/v1\0" + domain; HMAC-SHA256 of the UTF-8 value, first 16 bytes, base64url).
    [Theory]
    [InlineData("100412500013", "analytics", "ps1.11223344.1d6_u8OqK90BUrjPUJkGjg")]
    [InlineData("100412500013", "access-log", "ps1.11223344.YMAqqC7GHvpNGNpQ2YzLBQ")]
    [InlineData("192.0.2.1", "access-log", "ps1.11223344.XzZ9e71HKMKFXI_7Js_k3Q")]
    public void Pseudonymize_FixedRootSecret_MatchesKnownAnswer(string value, string domain, string expected)
    {
        Assert.Equal(expected, _pseudonymizer.Pseudonymize(value, domain));
    }

    [Property(MaxTest = 200)]
    public Property Pseudonymize_IsDeterministicAndSeparatesDomains() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), value =>
        {
            var text = value.Get;
            var analytics = _pseudonymizer.Pseudonymize(text, "analytics");
            Assert.Equal(analytics, new Pseudonymizer(new FixedRootSecrets()).Pseudonymize(text, "analytics"));
            Assert.NotEqual(analytics, _pseudonymizer.Pseudonymize(text, "access-log"));
            Assert.Equal(Pseudonym.Length, analytics.Length);
        });

    [Property(MaxTest = 300)]
    public Property Pseudonymize_NeverContainsItsInput() =>
        Prop.ForAll(IinTests.ValidIins(), iin =>
        {
            var value = iin.ToString();
            var pseudonym = _pseudonymizer.Pseudonymize(value, "analytics");

            // The prefix names the root secret (fixed here: 11223344), so only the digest after it can carry the input;
            // checking the whole string failed whenever a generated IIN began or ended with 112233, 122334 or 223344.
            Assert.StartsWith("ps1.11223344.", pseudonym, StringComparison.Ordinal);
            var digest = pseudonym["ps1.11223344.".Length..];
            Assert.Equal(22, digest.Length);
            Assert.DoesNotContain(value, digest, StringComparison.Ordinal);
            Assert.DoesNotContain(value[..6], digest, StringComparison.Ordinal);
            Assert.DoesNotContain(value[^6..], digest, StringComparison.Ordinal);
        });

    [Theory]
    [InlineData("+77011234567")]
    [InlineData("aigerim@mail.kz")]
    [InlineData("Әлихан Бекұлы")]
    [InlineData("192.0.2.1")]
    public void Pseudonymize_PersonalValue_IsNotInTheOutput(string value)
    {
        Assert.DoesNotContain(value, _pseudonymizer.Pseudonymize(value, "access-log"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.1", "::ffff:192.0.2.1")]
    [InlineData("2001:db8::1", "2001:db8::1%3")]
    [InlineData("fe80::1", "fe80::1%eth0")]
    public void PseudonymizeIpAddress_EquivalentForms_GiveOnePseudonym(string first, string second)
    {
        var a = _pseudonymizer.PseudonymizeIpAddress(ParseAddress(first), "access-log");
        var b = _pseudonymizer.PseudonymizeIpAddress(ParseAddress(second), "access-log");

        Assert.Equal(a, b);
        Assert.Equal(_pseudonymizer.Pseudonymize(IpAddressAnonymizer.Normalize(ParseAddress(first)).ToString(), "access-log"), a);
    }

    [Fact]
    public void PseudonymizeIpAddress_KnownAnswer()
    {
        Assert.Equal("ps1.11223344.ETN56l6QFEgh1VGnJMmRZg", _pseudonymizer.PseudonymizeIpAddress(IPAddress.Parse("2001:0db8:0000::0001"), "access-log"));
    }

    [Fact]
    public void Pseudonym_CarriesKeyId_SoKeysCanRotate()
    {
        var oldKey = new Pseudonymizer(new FixedRootSecrets(0x11223344));
        var newKey = new Pseudonymizer(new FixedRootSecrets(0x55667788, Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray()));

        var before = oldKey.Pseudonymize("100412500013", "analytics");
        var after = newKey.Pseudonymize("100412500013", "analytics");

        Assert.True(Pseudonym.TryGetKeyId(before, out var beforeId));
        Assert.True(Pseudonym.TryGetKeyId(after, out var afterId));
        Assert.Equal(0x11223344u, beforeId);
        Assert.Equal(0x55667788u, afterId);
        Assert.NotEqual(before[13..], after[13..]);
        Assert.False(Pseudonym.TryGetKeyId("ps1.zzzzzzzz.1d6_u8OqK90BUrjPUJkGjg", out _));
        Assert.False(Pseudonym.TryGetKeyId("100412500013", out _));
    }

    [Fact]
    public void TryPseudonymize_ShortDestination_ReturnsFalse_AndSpanPathAllocatesNothing()
    {
        Assert.False(_pseudonymizer.TryPseudonymize("100412500013", "analytics", new char[Pseudonym.Length - 1], out var none));
        Assert.Equal(0, none);

        var destination = new char[Pseudonym.Length];
        for (var i = 0; i < 100; i++)
        {
            _pseudonymizer.TryPseudonymize("100412500013", "analytics", destination, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _pseudonymizer.TryPseudonymize("100412500013", "analytics", destination, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("ps1.11223344.1d6_u8OqK90BUrjPUJkGjg", new string(destination));
    }

    [Theory]
    [InlineData("192.0.2.155", "192.0.2.0")]
    [InlineData("::ffff:192.0.2.155", "192.0.2.0")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [InlineData("2001:db8:85a3::1%4", "2001:db8:85a3::")]
    [InlineData("10.0.0.1", "10.0.0.0")]
    public void Truncate_KeepsSlash24OrSlash48(string input, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), IpAddressAnonymizer.Truncate(ParseAddress(input)));
    }

    private static IPAddress ParseAddress(string text) => IPAddress.Parse(text);
}
