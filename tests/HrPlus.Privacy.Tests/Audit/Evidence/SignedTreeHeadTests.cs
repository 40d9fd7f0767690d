using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Audit;

namespace HrPlus.Privacy.Tests.Audit.Evidence;

/// <summary>Ed25519 signed tree heads: RFC 8032 test vector 1, the text form, and tamper rejection.</summary>
public sealed class SignedTreeHeadTests
{
    // RFC 8032 section 7.1, TEST 1: the empty message.
    private const string Rfc8032Secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rfc8032Vector1_SignsExactly_AndVerifiesThroughThePublicKey()
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        var published = new CheckpointPublicKey(Convert.FromHexString(Rfc8032Public), From, null);
        var signature = Convert.FromHexString(Rfc8032Signature);

        Assert.Equal(Rfc8032Public, Convert.ToHexStringLower(key.PublicKey.GetPublicKey()));
        Assert.Equal(Rfc8032Signature, Convert.ToHexStringLower(key.Sign([])));
        Assert.True(published.VerifySignature([], signature));
        for (var bit = 0; bit < signature.Length * 8; bit += 37)
        {
            var flipped = signature.ToArray();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(published.VerifySignature([], flipped));
        }

        Assert.False(published.VerifySignature([0x00], signature));
        Assert.False(published.VerifySignature([], signature.AsSpan(1)));
    }

    [Fact]
    public void TextForm_RoundTrips_AndVerifiesUnderItsKeyOnly()
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        using var other = new CheckpointSigningKey(2, new byte[32], From, null);
        var head = SignedTreeHead.Create(key, HashChainedLog.ConsentLedger, 7, MerkleTree.EmptyRoot(), From.AddHours(1));

        var parsed = SignedTreeHead.Parse(head.ToString());

        Assert.Equal(head.ToString(), parsed.ToString());
        Assert.Equal((HashChainedLog.ConsentLedger, 7L, key.PublicKey.KeyId), (parsed.Log, parsed.TreeSize, parsed.KeyId));
        Assert.StartsWith("hrplus-sth/1 consent-ledger 7 e3b0c442", head.ToString(), StringComparison.Ordinal);
        Assert.True(SignedTreeHead.Verify(parsed, [key.PublicKey]));
        Assert.False(SignedTreeHead.Verify(parsed, [other.PublicKey]));
        Assert.False(SignedTreeHead.Verify(parsed, []));
    }

    [Fact]
    public void Verify_OutsideTheKeysValidity_IsFalse()
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        var head = SignedTreeHead.Create(key, HashChainedLog.AuditTrail, 3, MerkleTree.EmptyRoot(), From.AddDays(2));
        var raw = key.PublicKey.GetPublicKey();

        Assert.True(SignedTreeHead.Verify(head, [new CheckpointPublicKey(raw, From, From.AddDays(2))]));
        Assert.False(SignedTreeHead.Verify(head, [new CheckpointPublicKey(raw, From, From.AddDays(1))]));
        Assert.False(SignedTreeHead.Verify(head, [new CheckpointPublicKey(raw, From.AddDays(3), null)]));
    }

    [Property(MaxTest = 200)]
    public Property AnySingleBitFlip_InTheLine_FailsToParseOrToVerify(int seed)
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        var random = new Random(seed);
        var root = new byte[32];
        random.NextBytes(root);
        var line = SignedTreeHead.Create(key, HashChainedLog.AuditTrail, random.NextInt64(0, 1_000_000), root, From.AddMinutes(random.Next(100_000))).ToString();
        var bytes = Encoding.ASCII.GetBytes(line);
        var bit = random.Next(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        var tampered = Encoding.Latin1.GetString(bytes);

        return (!SignedTreeHead.TryParse(tampered, out var head) || !SignedTreeHead.Verify(head, [key.PublicKey])).Label($"bit {bit} of '{line}'");
    }

    [Fact]
    public void Parse_HostileInput_IsAFormatExceptionThatDoesNotEchoIt()
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        var line = SignedTreeHead.Create(key, HashChainedLog.AuditTrail, 3, MerkleTree.EmptyRoot(), From).ToString();
        string[] hostile =
        [
            string.Empty, "hrplus-sth/1", line + " extra", line.Replace("audit-trail", "pupil-900101300017", StringComparison.Ordinal),
            line.Replace(" 3 ", " -3 ", StringComparison.Ordinal), line.Replace(" 3 ", " 99999999999999999999 ", StringComparison.Ordinal),
            line.ToUpperInvariant(), line[..^1], line + "=", line.Replace(' ', '\t'), new string('a', 10_000),
        ];

        foreach (var text in hostile)
        {
            var error = Assert.Throws<FormatException>(() => SignedTreeHead.Parse(text));
            Assert.DoesNotContain("900101300017", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PublicKeySet_RoundTripsThroughJson_AndRefusesAKeyUnderAnotherId()
    {
        using var key = new CheckpointSigningKey(1, Convert.FromHexString(Rfc8032Secret), From, null);
        var retired = new CheckpointPublicKey(new CheckpointSigningKey(2, new byte[32], From, null).PublicKey.GetPublicKey(), From.AddDays(-30), From);
        var json = CheckpointPublicKey.ToJson([retired, key.PublicKey]);

        var parsed = CheckpointPublicKey.ParseSet(json);

        Assert.Equal([retired.KeyId, key.PublicKey.KeyId], parsed.Select(k => k.KeyId));
        Assert.Equal([From, (DateTimeOffset?)null], parsed.Select(k => k.ValidTo));
        Assert.Equal(key.PublicKey.GetPublicKey(), parsed[1].GetPublicKey());
        Assert.Throws<FormatException>(() => CheckpointPublicKey.ParseSet(json.Replace(key.PublicKey.KeyId, retired.KeyId, StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => CheckpointPublicKey.ParseSet("{\"keys\": 3}"));
        Assert.Throws<FormatException>(() => CheckpointPublicKey.ParseSet("[[[[[[[[[[[[[[[[[[[[[[[[[[[["));
    }
}
