using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class FieldEncryptionConcurrencyTests
{
    [Fact]
    public async Task SixtyFourThreads_EncryptAndDecryptAtOnce_AllAgree()
    {
        using var ring = new TestKeyRing();
        var context = FieldContext.For("Student", "FullName");
        const int Threads = 64;
        const int PerThread = 500;
        using var start = new Barrier(Threads);
        var failures = 0;
        var ciphertexts = new string[Threads * PerThread];

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerThread; i++)
                {
                    var value = $"Оқушы {t}-{i}";
                    var ciphertext = ring.Encryptor.Encrypt(value, context);
                    ciphertexts[(t * PerThread) + i] = ciphertext;
                    if (ring.Encryptor.Decrypt(ciphertext, context) != value)
                    {
                        Interlocked.Increment(ref failures);
                    }

                    // Also decrypt another thread's earlier value to cross thread-local cipher instances.
                    var other = ciphertexts[(((t + 1) % Threads) * PerThread) + (i / 2)];
                    if (other is not null && !ring.Encryptor.Decrypt(other, context).StartsWith("Оқушы ", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
        Assert.Equal(Threads * PerThread, ciphertexts.Distinct(StringComparer.Ordinal).Count());
        // Every nonce is distinct too (bytes 5..16 of the binary form).
        var nonces = ciphertexts.Select(c => Convert.ToHexString(System.Buffers.Text.Base64Url.DecodeFromChars(c.AsSpan(4)).AsSpan(5, 12))).Distinct().Count();
        Assert.Equal(Threads * PerThread, nonces);
    }
}
