using System.Text;
using HrPlus.Privacy.Tool.Commands;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>The strict readers of outside evidence files: published public keys and consent receipts.</summary>
public sealed class EvidenceFileTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void PublicKeys_Valid_AreRead()
    {
        var key = Convert.ToBase64String(new byte[32]);

        var keys = PublicKeyFile.Parse(Encoding.UTF8.GetBytes($$$"""{"keys":[{"id":"2026-12","algorithm":"Ed25519","publicKey":"{{{key}}}"}]}"""), "k.json");

        Assert.Equal("2026-12", Assert.Single(keys).Id);
    }

    [Theory]
    [InlineData("nope", "is not JSON")]
    [InlineData("{}", "has no \"keys\" array")]
    [InlineData("{\"keys\":[]}", "lists no keys")]
    [InlineData("{\"keys\":[{\"id\":\"a\"}]}", "has a key without a string id")]
    [InlineData("{\"keys\":[{\"id\":\"a\",\"algorithm\":\"RSA\",\"publicKey\":\"AA==\"}]}", "names the algorithm of key 1 other than Ed25519")]
    [InlineData("{\"keys\":[{\"id\":\"a\",\"algorithm\":\"Ed25519\",\"publicKey\":\"***\"}]}", "has a publicKey of key 1 that is not base64")]
    [InlineData("{\"keys\":[{\"id\":\"a\",\"algorithm\":\"Ed25519\",\"publicKey\":\"AAAA\"}]}", "has a publicKey of key 1 that is not 32 bytes")]
    [InlineData("{\"keys\":[{\"id\":\"a\",\"algorithm\":\"Ed25519\",\"publicKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},{\"id\":\"a\",\"algorithm\":\"Ed25519\",\"publicKey\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}]}", "names key id 'a' twice")]
    public void PublicKeys_HostileInput_IsRefused(string json, string message)
    {
        var error = Assert.Throws<ToolException>(() => PublicKeyFile.Parse(Encoding.UTF8.GetBytes(json), "k.json"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"The public key file 'k.json' {message}", error.Message);
    }

    [Fact]
    public void Receipt_WithoutProof_IsReadAndSaysSo()
    {
        var receipt = ReceiptFile.Parse(Encoding.UTF8.GetBytes($$$"""{"receipt_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","ledger":{"position":3,"previous_hash":"{{{Hash}}}","hash":"{{{Hash}}}"}}"""), "r.json");

        Assert.Equal(3, receipt.Position);
        Assert.False(receipt.HasInclusionProof);
    }

    [Theory]
    [InlineData("[1]", "is not a JSON object")]
    [InlineData("{\"receipt_id\":\"x\"}", "has no receipt_id GUID")]
    [InlineData("{\"receipt_id\":\"6f9619ff-8b86-d011-b42d-00c04fc964ff\"}", "has no ledger object")]
    [InlineData("{\"receipt_id\":\"6f9619ff-8b86-d011-b42d-00c04fc964ff\",\"ledger\":{\"position\":0,\"previous_hash\":\"\",\"hash\":\"\"}}", "has no ledger object")]
    [InlineData("{\"receipt_id\":\"6f9619ff-8b86-d011-b42d-00c04fc964ff\",\"ledger\":{\"position\":1,\"previous_hash\":\"zz\",\"hash\":\"zz\"}}", "has no ledger object")]
    public void Receipt_HostileInput_IsRefused(string json, string message)
    {
        var error = Assert.Throws<ToolException>(() => ReceiptFile.Parse(Encoding.UTF8.GetBytes(json), "r.json"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(message, error.Message);
    }
}
