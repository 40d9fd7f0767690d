// A first taste of HrPlus.Privacy: validate a pupil's IIN, encrypt the record field by field, show it
// masked, rotate the key and move the record to the new key. Keys live in a folder under the temp directory.
using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Identifiers;
using HrPlus.Privacy.Pseudonymization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

var keyFolder = new DirectoryInfo(Path.Combine(Path.GetTempPath(), "hrplus-console-sample"));
var services = new ServiceCollection();
services.AddDataProtection()
    .PersistKeysToFileSystem(keyFolder.CreateSubdirectory("DataProtection-Keys"))
    .SetApplicationName("HrPlus.Privacy.ConsoleSample");
services.AddHrPlusPrivacy(options => options.Encryption.KeyDirectory = Path.Combine(keyFolder.FullName, "FieldKeys"));
using var provider = services.BuildServiceProvider();
var encryptor = provider.GetRequiredService<IFieldEncryptor>();
var keyRing = provider.GetRequiredService<IFieldKeyRing>();

// A synthetic pupil: the IIN is generated with the check-digit algorithm, not taken from a real person.
var birthDate = new DateOnly(2013, 9, 14);
var serial = 1;
Iin iin;
while (!Iin.Create(birthDate, Sex.Female, serial, out iin))
{
    serial++;
}

var today = DateOnly.FromDateTime(DateTime.Today);
Console.WriteLine($"IIN {iin:M}: born {iin.BirthDate:yyyy-MM-dd}, {iin.Sex}, age {iin.AgeOn(today)}, minor: {iin.IsMinorOn(today)}");

var pupilId = Guid.NewGuid();
var iinField = FieldContext.For("Pupil", "Iin").WithRow(pupilId);
var nameField = FieldContext.For("Pupil", "FullName").WithRow(pupilId);

var storedIin = encryptor.Encrypt(iin.ToString(), iinField);
var storedName = encryptor.Encrypt("Әлихан Бекұлы", nameField);
Console.WriteLine($"Stored IIN:  {storedIin}");
Console.WriteLine($"Stored name: {storedName}");
Console.WriteLine($"Decrypted:   {PersonalDataMask.Iin(encryptor.Decrypt(storedIin, iinField))} / {encryptor.Decrypt(storedName, nameField)}");

try
{
    // The same ciphertext in another row does not decrypt.
    encryptor.Decrypt(storedIin, FieldContext.For("Pupil", "Iin").WithRow(Guid.NewGuid()));
}
catch (FieldDecryptionException ex)
{
    Console.WriteLine($"Copied to another row: {ex.Reason}");
}

var before = keyRing.CurrentKey;
var after = await keyRing.RotateAsync();
storedIin = encryptor.Reencrypt(storedIin, iinField);
Console.WriteLine($"Rotated key {before.Id:x8} -> {after.Id:x8}; IIN now under the current key: {encryptor.IsUnderCurrentKey(storedIin)}");
