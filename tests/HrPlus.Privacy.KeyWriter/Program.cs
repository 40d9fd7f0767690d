// Usage: HrPlus.Privacy.KeyWriter <DataProtection folder> <field key folder>
//    or: HrPlus.Privacy.KeyWriter enrol <DataProtection folder> <field key folder> <epoch key folder> <subjects> (see Enrolment)
// Changes field keys through the public key ring API until it is killed: rotates the current key, makes a subject's
// key (by encrypting under the subject's context), destroys subject keys and retired keys. Prints one line per change
// once the call made it returned ("current <id>", "subject <id>", "destroyed <id>"), so a test that kills it knows
// which changes were acknowledged.
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

if (args is ["enrol", var enrolDataProtection, var enrolKeys, var enrolEpochs, var count])
{
    return await Enrolment.RunAsync(enrolDataProtection, enrolKeys, enrolEpochs, int.Parse(count, CultureInfo.InvariantCulture));
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: HrPlus.Privacy.KeyWriter <DataProtection folder> <field key folder>");
    return 2;
}

var services = new ServiceCollection();
services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(args[0])).SetApplicationName("hrplus-key-writer");
services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(args[0], "epoch-keys"); }).PersistFieldKeysToFileSystem(new DirectoryInfo(args[1]));
await using var provider = services.BuildServiceProvider();
var ring = provider.GetRequiredService<IFieldKeyRing>();
var encryptor = provider.GetRequiredService<IFieldEncryptor>();
Console.Out.Flush();
Report("current", ring.CurrentKey.Id);
Console.WriteLine("ready");

var previous = ring.CurrentKey.Id;
for (var i = 0; ; i++)
{
    var current = await ring.RotateAsync();
    Report("current", current.Id);
    var subject = KeyIdOf(encryptor.Encrypt("050315500123", FieldContext.For("Pupil", "Iin").WithSubject($"pupil-{i}")));
    Report("subject", subject);
    if (i % 2 == 0)
    {
        await ring.DestroyAsync(subject);
        Report("destroyed", subject);
        await ring.DestroyAsync(previous);
        Report("destroyed", previous);
    }

    previous = current.Id;
}

static void Report(string change, uint id)
{
    Console.WriteLine($"{change} {id.ToString("x8", CultureInfo.InvariantCulture)}");
    Console.Out.Flush();
}

static uint KeyIdOf(string ciphertext)
{
    var bytes = Base64Url.DecodeFromChars(ciphertext.AsSpan("hp1.".Length));
    return BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4));
}
