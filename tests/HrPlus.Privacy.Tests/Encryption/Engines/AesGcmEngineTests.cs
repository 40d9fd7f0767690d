using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using HrPlus.Privacy.Encryption;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>Issue 16: both AES-256-GCM engines against Wycheproof, against each other, and under the field format.</summary>
public sealed class AesGcmEngineTests
{
    public static TheoryData<string> Engines => ["platform", "libsodium"];

    private static readonly string[] AllEngines = ["platform", "libsodium", "libsodium-subject"];

    public static IEnumerable<object[]> WycheproofCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(WycheproofPath()));
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            if (group.GetProperty("keySize").GetInt32() != 256 || group.GetProperty("ivSize").GetInt32() != 96 || group.GetProperty("tagSize").GetInt32() != 128)
            {
                continue;
            }

            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                foreach (var engine in AllEngines)
                {
                    yield return [engine, test.GetProperty("tcId").GetInt32(), test.GetProperty("key").GetString()!, test.GetProperty("iv").GetString()!,
                        test.GetProperty("aad").GetString()!, test.GetProperty("msg").GetString()!, test.GetProperty("ct").GetString()!,
                        test.GetProperty("tag").GetString()!, test.GetProperty("result").GetString()!];
                }
            }
        }
    }

    [Fact]
    public void Wycheproof_HasTheExpected256BitKey96BitIvCases()
    {
        // 66 cases per engine (three: platform, libsodium through NSec, libsodium on subjects' raw keys) in the vector file
        // of shared/testvectors (commit dac1dd4).
        Assert.Equal(198, WycheproofCases().Count());
    }

    [Theory]
    [MemberData(nameof(WycheproofCases))]
    public void Wycheproof_ValidCasesGiveExactlyCtAndTag_InvalidOnesFail(string engineName, int tcId, string key, string iv, string aad, string msg, string ct, string tag, string result)
    {
        _ = tcId;
        var engine = EngineNamed(engineName);
        using var engineKey = engine.CreateKey(Convert.FromHexString(key));
        var nonce = Convert.FromHexString(iv);
        var associated = Convert.FromHexString(aad);
        var plaintext = Convert.FromHexString(msg);
        var expected = Convert.FromHexString(ct + tag);

        var recovered = new byte[plaintext.Length];
        var verifies = engineKey.Decrypt(nonce, expected, recovered, associated);
        if (result == "valid")
        {
            var output = new byte[plaintext.Length + 16];
            engineKey.Encrypt(nonce, plaintext, output, associated);
            Assert.Equal(expected, output);
            Assert.True(verifies);
            Assert.Equal(plaintext, recovered);
        }
        else
        {
            Assert.Equal("invalid", result);
            Assert.False(verifies);
            Assert.All(recovered, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Engines_GiveIdenticalBytes_DecryptEachOther_AndRejectEveryBitFlip()
    {
        var gen =
            from key in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32)
            from nonce in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 12)
            from plainLength in Gen.Choose(0, 4096)
            from plaintext in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), plainLength)
            from adLength in Gen.Choose(0, 512)
            from ad in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), adLength)
            from flip in Gen.Choose(0, int.MaxValue)
            select (key, nonce, plaintext, ad, flip);

        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (key, nonce, plaintext, ad, flip) = input;
            using var platform = PlatformAesGcmEngine.Instance.CreateKey(key);
            using var sodium = LibsodiumAesGcmEngine.Instance.CreateKey(key);
            using var subject = SubjectKeyAesGcmEngine.Instance.CreateKey(key);
            var fromPlatform = new byte[plaintext.Length + 16];
            var fromSodium = new byte[plaintext.Length + 16];
            var fromSubject = new byte[plaintext.Length + 16];
            platform.Encrypt(nonce, plaintext, fromPlatform, ad);
            sodium.Encrypt(nonce, plaintext, fromSodium, ad);
            subject.Encrypt(nonce, plaintext, fromSubject, ad);
            Assert.Equal(fromPlatform, fromSodium);
            Assert.Equal(fromPlatform, fromSubject);

            var back = new byte[plaintext.Length];
            Assert.True(platform.Decrypt(nonce, fromSodium, back, ad));
            Assert.Equal(plaintext, back);
            Assert.True(sodium.Decrypt(nonce, fromPlatform, back, ad));
            Assert.Equal(plaintext, back);
            Assert.True(subject.Decrypt(nonce, fromSodium, back, ad));
            Assert.Equal(plaintext, back);

            // One bit flipped anywhere in ciphertext, tag or associated data fails in both engines.
            var bits = (fromPlatform.Length + ad.Length) * 8;
            var bit = flip % bits;
            var flippedCipher = (byte[])fromPlatform.Clone();
            var flippedAd = (byte[])ad.Clone();
            if (bit < fromPlatform.Length * 8)
            {
                flippedCipher[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            else
            {
                bit -= fromPlatform.Length * 8;
                flippedAd[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            Assert.False(platform.Decrypt(nonce, flippedCipher, back, flippedAd));
            Assert.False(sodium.Decrypt(nonce, flippedCipher, back, flippedAd));
            Assert.False(subject.Decrypt(nonce, flippedCipher, back, flippedAd));
            Assert.All(back, b => Assert.Equal(0, b));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ForcedEngine_IsTheOneTheRingUses_AndRoundTripsEveryFieldShape(string engineName)
    {
        var engine = engineName == "platform" ? FieldEncryptionEngine.Platform : FieldEncryptionEngine.Libsodium;
        using var ring = new TestKeyRing(new FieldEncryptionOptions { Engine = engine });
        Assert.Equal(engineName, ring.Ring.Engine.Name);
        var context = FieldContext.For("Student", "Note").WithRow(42);
        foreach (var value in new[] { string.Empty, "050315500123", new string('ә', 700) })
        {
            Assert.Equal(value, ring.Encryptor.Decrypt(ring.Encryptor.Encrypt(value, context), context));
        }
    }

    [Fact]
    public void Auto_PicksLibsodiumWhereSupported()
    {
        Assert.Equal(LibsodiumAesGcmEngine.IsSupported ? "libsodium" : "platform", AesGcmEngine.For(FieldEncryptionEngine.Auto).Name);
        Assert.Same(PlatformAesGcmEngine.Instance, AesGcmEngine.For(FieldEncryptionEngine.Platform));
    }

    [Fact]
    public void EngineKey_AfterDispose_ThrowsObjectDisposed()
    {
        foreach (var engine in new AesGcmEngine[] { PlatformAesGcmEngine.Instance, LibsodiumAesGcmEngine.Instance, SubjectKeyAesGcmEngine.Instance })
        {
            var key = engine.CreateKey(new byte[32].Select((_, i) => (byte)i).ToArray());
            key.Dispose();
            Assert.Throws<ObjectDisposedException>(() => key.Encrypt(new byte[12], [1], new byte[17], []));
        }
    }

    [Theory]
    [InlineData(FieldEncryptionEngine.Libsodium, "SubjectKeyAesGcmEngine")]
    [InlineData(FieldEncryptionEngine.Platform, "PlatformAesGcmEngine")]
    public void SubjectKeys_NeverUseGuardedMemory_AndUseLibsodiumWhereItIsConfigured(FieldEncryptionEngine configured, string expected)
    {
        // NSec's guarded memory maps pages per key: tens of thousands of subjects would exhaust vm.max_map_count.
        using var ring = new TestKeyRing(new FieldEncryptionOptions { Engine = configured, PerSubjectKeys = true });
        var encryptor = new FieldEncryptor(ring.Ring, perSubjectKeys: true);
        var context = FieldContext.For("Pupil", "FullName").WithSubject("pupil-1");
        var stored = encryptor.Encrypt("Әлихан Бекұлы", context);

        Assert.Equal(expected, ring.Ring.GetSubjectKey("pupil-1").Engine!.GetType().Name);
        Assert.Equal("Әлихан Бекұлы", encryptor.Decrypt(stored, context));
    }

    [Fact]
    public async Task SubjectEngineKey_DisposedWhileCallsRun_NeverDecryptsWithErasedBytes()
    {
        // A subject erased while its values are being read: every call either decrypts correctly or reports the key
        // disposed; none authenticates against zeroed key bytes (which would show as a failed decryption).
        var key = new byte[32].Select((_, i) => (byte)(i + 1)).ToArray();
        var nonce = new byte[12];
        var plaintext = "050315500123"u8.ToArray();
        var sealedValue = new byte[plaintext.Length + 16];
        using (var once = SubjectKeyAesGcmEngine.Instance.CreateKey(key))
        {
            once.Encrypt(nonce, plaintext, sealedValue, []);
        }

        for (var round = 0; round < 50; round++)
        {
            var engineKey = SubjectKeyAesGcmEngine.Instance.CreateKey(key);
            var failures = 0;
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                var back = new byte[plaintext.Length];
                for (var i = 0; i < 2_000; i++)
                {
                    try
                    {
                        if (!engineKey.Decrypt(nonce, sealedValue, back, []))
                        {
                            Interlocked.Increment(ref failures);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            })).ToArray();
            await Task.Delay(round % 3);
            engineKey.Dispose();
            await Task.WhenAll(readers);
            Assert.Equal(0, failures);
        }
    }

    private static AesGcmEngine EngineNamed(string name) => name switch
    {
        "platform" => PlatformAesGcmEngine.Instance,
        "libsodium" => LibsodiumAesGcmEngine.Instance,
        _ => SubjectKeyAesGcmEngine.Instance,
    };

    /// <summary>The shared vectors live beside the repository: <c>../shared/testvectors</c> from its root.</summary>
    private static string WycheproofPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HrPlus.Privacy.sln")))
            {
                var path = Path.Combine(dir.FullName, "..", "shared", "testvectors", "wycheproof", "aes_gcm_test.json");
                Assert.True(File.Exists(path), $"The Wycheproof vectors are missing at {path} (shared/ beside the repository).");
                return path;
            }
        }

        throw new InvalidOperationException("The repository root (HrPlus.Privacy.sln) was not found above the test assembly.");
    }
}
