using HrPlus.Privacy.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One instance of a fleet enrolling the same new subjects as the others at the same moment: loads its key ring, prints
/// "ready", waits for "go" on its input, encrypts a value for each of pupil-0 … pupil-(n-1), printing
/// "value &lt;subject&gt; &lt;ciphertext&gt;" for each, then "done".
/// </summary>
internal static class Enrolment
{
    public static async Task<int> RunAsync(string dataProtection, string keys, string epochs, int subjects)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(dataProtection)).SetApplicationName("hrplus-key-writer");
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = epochs; })
            .PersistFieldKeysToFileSystem(new DirectoryInfo(keys));
        await using var provider = services.BuildServiceProvider();
        var encryptor = provider.GetRequiredService<IFieldEncryptor>();
        _ = provider.GetRequiredService<IFieldKeyRing>().CurrentKey;
        Console.WriteLine("ready");
        Console.Out.Flush();
        if (await Console.In.ReadLineAsync() != "go")
        {
            return 3;
        }

        var context = FieldContext.For("Pupil", "FullName");
        for (var i = 0; i < subjects; i++)
        {
            var subject = $"pupil-{i}";
            Console.WriteLine($"value {subject} {encryptor.Encrypt($"name of {subject}", context.WithSubject(subject))}");
        }

        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }
}
