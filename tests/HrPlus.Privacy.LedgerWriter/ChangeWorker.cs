using HrPlus.Privacy.Encryption;
using HrPlus.Privacy.Subjects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HrPlus.Privacy.LedgerWriter;

/// <summary>
/// Usage: <c>changes &lt;postgres connection string&gt; &lt;DataProtection folder&gt;</c>. Another instance of the app in its own
/// OS process: reads commands from standard input (<c>block &lt;subject&gt;</c>, <c>erase &lt;subject&gt;</c>, <c>rotate</c>,
/// <c>quit</c>) and prints one line once each returned (<c>blocked</c>, <c>erased &lt;keys&gt;</c>, <c>rotated &lt;key id&gt;</c>).
/// </summary>
internal static class ChangeWorker
{
    public static async Task<int> RunAsync(string[] args)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(args[1])).SetApplicationName("hrplus-change-tests");
        services.AddDbContext<WriterContext>(o => o.UseNpgsql(args[0]));
        services.AddHrPlusPrivacy(o => { o.Encryption.PerSubjectKeys = true; o.Encryption.EpochKeyDirectory = Path.Combine(args[1], "epoch-keys"); }).UseEntityFrameworkCoreStores<WriterContext>();
        await using var provider = services.BuildServiceProvider();
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 2);
            switch (parts[0])
            {
                case "block":
                    await provider.GetRequiredService<ISubjectBlocking>().BlockAsync(parts[1], "accuracy disputed", BlockRequester.Subject, "operator-1");
                    Console.WriteLine("blocked");
                    break;
                case "erase":
                    var result = await provider.GetRequiredService<ISubjectErasure>().EraseAsync(new ErasureRequest { SubjectId = parts[1], ErasedBy = "operator-1", Reason = "subject request" });
                    Console.WriteLine($"erased {result.KeysDestroyed}");
                    break;
                case "rotate":
                    var key = await provider.GetRequiredService<IFieldKeyRing>().RotateAsync();
                    Console.WriteLine($"rotated {key.Id:x8}");
                    break;
                case "quit":
                    return 0;
                default:
                    Console.Error.WriteLine("unknown command");
                    return 2;
            }
        }

        return 0;
    }
}
