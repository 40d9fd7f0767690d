using HrPlus.Privacy.Audit;
using HrPlus.Privacy.Tool.Commands;

namespace HrPlus.Privacy.Tool.Tests.Commands;

/// <summary>The strict reader of outside public key files: the JSON of <c>GET {prefix}/evidence/keys</c>.</summary>
public sealed class EvidenceFileTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PublicKeys_AsTheEndpointServesThem_AreRead()
    {
        var key = new CheckpointPublicKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), From, null);

        var keys = PublicKeyFile.Parse(CheckpointPublicKey.ToJson([key]), "k.json");

        Assert.Equal(key.KeyId, Assert.Single(keys).KeyId);
    }

    [Theory]
    [InlineData("nope", "is not a checkpoint key set")]
    [InlineData("{}", "is not a checkpoint key set")]
    [InlineData("{\"keys\":[]}", "lists no keys")]
    [InlineData("{\"keys\":[{\"key_id\":\"a\"}]}", "is not a checkpoint key set")]
    [InlineData("{\"keys\":[{\"key_id\":\"0000000000000000\",\"algorithm\":\"RSA\",\"public_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"valid_from\":\"2026-12-01T00:00:00Z\",\"valid_to\":null}]}", "is not a checkpoint key set")]
    [InlineData("{\"keys\":[{\"key_id\":\"0000000000000000\",\"algorithm\":\"Ed25519\",\"public_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"valid_from\":\"2026-12-01T00:00:00Z\",\"valid_to\":null}]}", "is not a checkpoint key set")]
    [InlineData("{\"keys\":[{\"key_id\":\"66687aadf862bd77\",\"algorithm\":\"Ed25519\",\"public_key\":\"AAAA\",\"valid_from\":\"2026-12-01T00:00:00Z\",\"valid_to\":null}]}", "is not a checkpoint key set")]
    public void PublicKeys_HostileInput_IsRefused(string json, string message)
    {
        var error = Assert.Throws<ToolException>(() => PublicKeyFile.Parse(json, "k.json"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"The public key file 'k.json' {message}", error.Message);
    }
}
