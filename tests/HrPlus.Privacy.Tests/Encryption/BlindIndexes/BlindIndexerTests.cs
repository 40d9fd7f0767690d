using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Tests.Identifiers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.Tests.Encryption;

public sealed class BlindIndexerTests
{
    private static readonly BlindIndex PupilIin = BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Iin, 32);
    private static readonly BlindIndex ParentPhone = BlindIndex.Create("Parent.Phone", BlindIndexNormalization.Phone, 32);
    private static readonly BlindIndex ParentEmail = BlindIndex.Create("Parent.Email", BlindIndexNormalization.Email, 256);
    private static readonly BlindIndex PupilName = BlindIndex.Create("Pupil.FullName", BlindIndexNormalization.FullName, 32);
    private readonly BlindIndexer _indexer = new(new FixedRootSecrets());

    // Expected values computed independently (Python hmac/hashlib: HKDF-SHA256 with an empty salt and info
    // "HrPlus.Privacy/blind-index/v1\0" + name, then HMAC-SHA256 of the normalized UTF-8 value, truncated).
    [Theory]
    [InlineData("Pupil.Iin", BlindIndexNormalization.Iin, 32, "100412500013", "jhJBcA")]
    [InlineData("Pupil.Iin", BlindIndexNormalization.Iin, 4, "100412500013", "gA")]
    [InlineData("Parent.Phone", BlindIndexNormalization.Phone, 32, "8 (701) 123-45-67", "yb3TQg")]
    [InlineData("Parent.Email", BlindIndexNormalization.Email, 256, " Aigerim@Mail.KZ ", "TKvTs3c1ovpTDffeqvNp2w10cCBF5_w5r7x3fEV_nZ4")]
    public void Compute_FixedRootSecret_MatchesKnownAnswer(string name, BlindIndexNormalization normalization, int bits, string value, string expected)
    {
        Assert.Equal(expected, _indexer.Compute(BlindIndex.Create(name, normalization, bits), value));
    }

    [Fact]
    public void Compute_SameValueInTwoIndexes_Differs()
    {
        var other = BlindIndex.Create("Teacher.Iin", BlindIndexNormalization.Iin, 32);

        Assert.NotEqual(_indexer.Compute(PupilIin, "100412500013"), _indexer.Compute(other, "100412500013"));
    }

    [Theory]
    [InlineData("87011234567")]
    [InlineData("8 701 123 45 67")]
    [InlineData("+7 (701) 123-45-67")]
    [InlineData("+77011234567")]
    [InlineData("77011234567")]
    [InlineData("7011234567")]
    [InlineData(" 8-701-123-45-67 ")]
    public void Compute_EveryWrittenFormOfOnePhone_GivesOneIndex(string form)
    {
        Assert.Equal(_indexer.Compute(ParentPhone, "+77011234567"), _indexer.Compute(ParentPhone, form));
    }

    [Theory]
    [InlineData("100412500013")]
    [InlineData("1004 1250 0013")]
    [InlineData("100412-500013")]
    [InlineData(" 100412500013 ")]
    public void Compute_EveryWrittenFormOfOneIin_GivesOneIndex(string form)
    {
        Assert.Equal(_indexer.Compute(PupilIin, "100412500013"), _indexer.Compute(PupilIin, form));
    }

    [Theory]
    [InlineData("aigerim@mail.kz")]
    [InlineData("AIGERIM@MAIL.KZ")]
    [InlineData("  Aigerim@Mail.kz\t")]
    public void Compute_EveryWrittenFormOfOneEmail_GivesOneIndex(string form)
    {
        Assert.Equal(_indexer.Compute(ParentEmail, "aigerim@mail.kz"), _indexer.Compute(ParentEmail, form));
    }

    [Theory]
    [InlineData("ӘЛИХАН БЕКҰЛЫ")]
    [InlineData("  әлихан   бекұлы ")]
    [InlineData("Әлихан\tБекұлы")]
    [InlineData("A\u0306лихан Бекұлы")]
    public void Compute_FullNameCaseAndSpacing_FoldToOneIndex(string form)
    {
        var expected = _indexer.Compute(PupilName, "Әлихан Бекұлы");
        var actual = _indexer.Compute(PupilName, form);
        if (form.StartsWith('A'))
        {
            // Latin A + combining breve composes to "ă", a different letter from Cyrillic "ә": a different index.
            Assert.NotEqual(expected, actual);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Compute_DecomposedCyrillic_EqualsPrecomposed()
    {
        var name = BlindIndex.Create("Pupil.FullName", BlindIndexNormalization.FullName, 64);

        // "й" precomposed (U+0439) and as "и" + combining breve (U+0438 U+0306).
        Assert.Equal(_indexer.Compute(name, "Айгүл"), _indexer.Compute(name, "Аи\u0306гүл"));
    }

    [Theory]
    [InlineData(BlindIndexNormalization.Iin, "100412500014")]
    [InlineData(BlindIndexNormalization.Iin, "10041250001")]
    [InlineData(BlindIndexNormalization.Iin, "１００４１２５０００１３")]
    [InlineData(BlindIndexNormalization.Phone, "+7 701 123 45 6")]
    [InlineData(BlindIndexNormalization.Phone, "+1 701 123 45 67 8")]
    [InlineData(BlindIndexNormalization.Phone, "9 701 123 45 67")]
    [InlineData(BlindIndexNormalization.Phone, "701-CALL-NOW")]
    [InlineData(BlindIndexNormalization.Email, "no-at-sign")]
    [InlineData(BlindIndexNormalization.Email, "@mail.kz")]
    [InlineData(BlindIndexNormalization.Email, "a@b@c")]
    [InlineData(BlindIndexNormalization.Email, "a b@mail.kz")]
    [InlineData(BlindIndexNormalization.FullName, "   ")]
    [InlineData(BlindIndexNormalization.FullName, "Әлихан\u0000")]
    public void Compute_InvalidForNormalization_ThrowsWithoutEchoingValue(BlindIndexNormalization normalization, string value)
    {
        var index = BlindIndex.Create("Any", normalization, 32);

        var ex = Assert.Throws<FormatException>(() => _indexer.Compute(index, value));

        Assert.Equal("The value is not valid for the blind index's normalization.", ex.Message);
        Assert.False(_indexer.TryCompute(index, value, new byte[4], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryCompute_FourBits_MasksTheRestOfTheByte()
    {
        var index = BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Iin, 4);
        var destination = new byte[1];

        Assert.True(_indexer.TryCompute(index, "100412500013", destination, out var written));

        Assert.Equal(1, written);
        Assert.Equal(0x80, destination[0]);
    }

    [Property(MaxTest = 100)]
    public Property Compute_TruncatedIndex_IsPrefixOfLongerIndex() =>
        Prop.ForAll(IinTests.ValidIins(), Gen.Choose(1, 255).ToArbitrary(), (iin, bits) =>
        {
            var full = new byte[32];
            var cut = new byte[(bits + 7) / 8];
            Assert.True(_indexer.TryCompute(BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Iin, 256), iin.ToString(), full, out _));
            Assert.True(_indexer.TryCompute(BlindIndex.Create("Pupil.Iin", BlindIndexNormalization.Iin, bits), iin.ToString(), cut, out _));
            for (var bit = 0; bit < cut.Length * 8; bit++)
            {
                var expected = bit < bits ? (full[bit / 8] >> (7 - (bit % 8))) & 1 : 0;
                Assert.Equal(expected, (cut[bit / 8] >> (7 - (bit % 8))) & 1);
            }
        });

    [Fact]
    public void TryCompute_AfterWarmUp_AllocatesNothing()
    {
        var destination = new byte[4];
        for (var i = 0; i < 100; i++)
        {
            _indexer.TryCompute(PupilIin, "100412500013", destination, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _indexer.TryCompute(PupilIin, "100412500013", destination, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Compute_ThroughDi_IsStableAcrossRestartsAndSeparateFromEncryptionKeys()
    {
        var root = Directory.CreateTempSubdirectory("hrplus-bi-");
        try
        {
            string first;
            uint encryptionKey;
            using (var provider = Build(root))
            {
                first = provider.GetRequiredService<IBlindIndexer>().Compute(PupilIin, "100412500013");
                encryptionKey = provider.GetRequiredService<IFieldKeyRing>().CurrentKey.Id;
            }

            using var again = Build(root);
            Assert.Equal(first, again.GetRequiredService<IBlindIndexer>().Compute(PupilIin, "100412500013"));
            var keys = again.GetRequiredService<IFieldKeyRing>().GetKeys();
            Assert.Equal(FieldKeyPurpose.BlindIndex, Assert.Single(keys, k => k.Id != encryptionKey).Purpose);
        }
        finally
        {
            root.Delete(recursive: true);
        }

        static ServiceProvider Build(DirectoryInfo root)
        {
            var services = new ServiceCollection();
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(root.FullName, "dp"))).SetApplicationName("hrplus-tests");
            services.AddHrPlusPrivacy(o => o.Encryption.KeyDirectory = Path.Combine(root.FullName, "keys"));
            return services.BuildServiceProvider();
        }
    }

    [Theory]
    [InlineData(50_000, 8, 15)]
    [InlineData(100_000, 9, 16)]
    [InlineData(1_000, 5, 9)]
    public void Planner_NoOtherIndexes_MatchesCipherSweetRule(long rows, int min, int max)
    {
        Assert.Equal((min, max), BlindIndexPlanner.Suggest(rows));
    }

    [Fact]
    public void Planner_WorkedExampleWithExistingIndex_GivesFourToEleven()
    {
        // CipherSweet's worked example: 50,000 rows and an existing 4-bit index over a 16-bit input domain.
        Assert.Equal((4, 11), BlindIndexPlanner.Suggest(50_000, (4, 16)));
    }

    [Fact]
    public void Planner_ExistingIndexesRevealTooMuch_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => BlindIndexPlanner.Suggest(50_000, (16, 32)));
    }
}
