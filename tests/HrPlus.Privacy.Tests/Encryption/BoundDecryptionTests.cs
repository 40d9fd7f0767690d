using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using HrPlus.Privacy.Tests.Subjects;

namespace HrPlus.Privacy.Tests.Encryption;

/// <summary>
/// The EF Core page load decrypts row- and subject-bound values without making a bound <see cref="FieldContext"/> per
/// value (<see cref="FieldEncryptor.DecryptRow"/>, <see cref="FieldEncryptor.DecryptSubject"/>). Those paths must mean
/// exactly what <c>Decrypt(c, unbound.WithRow(key))</c> and <c>Decrypt(c, unbound.WithSubject(id))</c> mean, for every
/// key an attacker could put in a row: the same plaintext, the same refusals.
/// </summary>
public sealed class BoundDecryptionTests : IDisposable
{
    private static readonly FieldContext Name = FieldContext.For("Pupil", "FullName");

    // FsCheck runs the property after the test method returns: the ring lives as long as the test class.
    private readonly TestKeyRing _ring = new();

    public void Dispose() => _ring.Dispose();

    // Short and long keys, surrogate pairs and lone surrogates, control characters, Cyrillic, and keys at and over 256 bytes.
    private static Arbitrary<string> RowKeys() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.Elements("1", "42", "0f8fad5b-d9cb-469f-a165-70867728950e", "ключ", "\uD83D\uDE00", "a\uD800b", "\uDC00", "\0", "x|y"),
            Gen.Choose(250, 260).Select(n => new string('k', n)),
            Gen.Choose(120, 130).Select(n => new string('ж', n))).ToArbitrary();

    [Property(MaxTest = 400)]
    public Property DecryptRow_MeansDecryptWithRow_ForEveryKey()
    {
        var encryptor = _ring.Encryptor;
        return Prop.ForAll(RowKeys(), key =>
        {
            FieldContext bound;
            try
            {
                bound = Name.WithRow(key);
            }
            catch (ArgumentException expected)
            {
                // A key WithRow refuses is refused the same way, with the same message.
                var refused = Assert.Throws<ArgumentException>(() => encryptor.DecryptRow("hp1.AAAA", Name, key));
                Assert.Equal(expected.Message, refused.Message);
                return;
            }

            var stored = encryptor.Encrypt("Әлихан Бекұлы", bound);
            Assert.Equal(encryptor.Decrypt(stored, bound), encryptor.DecryptRow(stored, Name, key));

            // Bound to this row only: another row's key is tampering, as on the checked path.
            var other = key + "1";
            if (System.Text.Encoding.UTF8.GetByteCount(other) <= FieldContext.MaxRowKeyBytes)
            {
                Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptRow(stored, Name, other)).Reason);
            }
        });
    }

    [Fact]
    public void DecryptRow_OfAnUnboundOrSubjectValue_IsTampered()
    {
        using var ring = new TestKeyRing();
        var unbound = ring.Encryptor.Encrypt("Әлихан", Name);

        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.DecryptRow(unbound, Name, "7")).Reason);
        Assert.Equal(FieldDecryptionFailureReason.Malformed, Assert.Throws<FieldDecryptionException>(() => ring.Encryptor.DecryptRow("Әлихан", Name, "7")).Reason);
        Assert.Throws<ArgumentNullException>(() => ring.Encryptor.DecryptRow(null!, Name, "7"));
    }

    [Fact]
    public async Task DecryptSubject_MeansDecryptWithSubject_BlockAndIinIncluded()
    {
        using var host = new SubjectTestHost(perSubjectKeys: true);
        var encryptor = Assert.IsType<FieldEncryptor>(host.Encryptor);
        var stored = encryptor.Encrypt("Әлихан Бекұлы", Name.WithSubject("pupil-1"));

        Assert.Equal("Әлихан Бекұлы", encryptor.DecryptSubject(stored, Name, "pupil-1"));
        Assert.Equal(FieldDecryptionFailureReason.Tampered, Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptSubject(stored, Name, "pupil-2")).Reason);

        // An IIN as a subject id is refused as WithSubject refuses it, whatever the ciphertext.
        var iin = Assert.Throws<ArgumentException>(() => Name.WithSubject("100412500013"));
        Assert.Equal(iin.Message, Assert.Throws<ArgumentException>(() => encryptor.DecryptSubject(stored, Name, "100412500013")).Message);

        await host.Blocking.BlockAsync("pupil-1", "accuracy disputed", BlockRequester.Subject, "pupil-1");
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, Assert.Throws<FieldDecryptionException>(() => encryptor.DecryptSubject(stored, Name, "pupil-1")).Reason);
        Assert.Equal(FieldDecryptionFailureReason.SubjectBlocked, Assert.Throws<FieldDecryptionException>(() => encryptor.Decrypt(stored, Name.WithSubject("pupil-1"))).Reason);
    }
}
